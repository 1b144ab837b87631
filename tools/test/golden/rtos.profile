# profile: 14 functions, from the calls of a function_graph trace
# per task: a call preempted by other tasks counts only the time its own task ran
#
# all tasks and harts: ran 560.100 us, 14 functions
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  mix.constprop.0                        24      150.000 us        6.250 us        6.100 us        6.600 us      150.000 us
  mix.constprop.2                        12      147.700 us       12.308 us       12.100 us       12.600 us      147.700 us
  mix.constprop.1                        12       98.900 us        8.241 us        8.100 us        8.500 us       98.900 us
  rtos_run                                1       40.300 us       40.300 us       40.300 us       40.300 us       40.300 us
  log_line                               12      163.500 us       13.625 us       13.300 us       13.900 us        6.900 us
  isqrt                                  24        6.600 us        0.275 us        0.200 us        0.300 us        6.600 us
  control_step                           12      107.300 us        8.941 us        8.800 us        9.200 us        5.800 us
  read_sample                            12      151.000 us       12.583 us       12.300 us       12.900 us        3.300 us
  format_number                          12        3.000 us        0.250 us        0.200 us        0.300 us        3.000 us
  filter                                 12        5.900 us        0.491 us        0.400 us        0.500 us        2.900 us
  sensor_task                             1      159.500 us      159.500 us      159.500 us      159.500 us        2.600 us
  clamp                                  24        2.600 us        0.108 us        0.100 us        0.200 us        2.600 us
  control_task                            1      109.300 us      109.300 us      109.300 us      109.300 us        2.000 us
  logger_task                             1      165.300 us      165.300 us      165.300 us      165.300 us        1.800 us

# sensor (task 1, id 1): ran 162.400 us, 5 functions
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  mix.constprop.2                        12      147.700 us       12.308 us       12.100 us       12.600 us      147.700 us
  read_sample                            12      151.000 us       12.583 us       12.300 us       12.900 us        3.300 us
  isqrt                                  12        3.000 us        0.250 us        0.200 us        0.300 us        3.000 us
  filter                                 12        5.900 us        0.491 us        0.400 us        0.500 us        2.900 us
  sensor_task                             1      159.500 us      159.500 us      159.500 us      159.500 us        2.600 us

# control (task 2, id 2): ran 144.500 us, 4 functions
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  mix.constprop.1                        12       98.900 us        8.241 us        8.100 us        8.500 us       98.900 us
  control_step                           12      107.300 us        8.941 us        8.800 us        9.200 us        5.800 us
  clamp                                  24        2.600 us        0.108 us        0.100 us        0.200 us        2.600 us
  control_task                            1      109.300 us      109.300 us      109.300 us      109.300 us        2.000 us

# logger (task 3, id 3): ran 212.900 us, 5 functions
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  mix.constprop.0                        24      150.000 us        6.250 us        6.100 us        6.600 us      150.000 us
  log_line                               12      163.500 us       13.625 us       13.300 us       13.900 us        6.900 us
  isqrt                                  12        3.600 us        0.300 us        0.300 us        0.300 us        3.600 us
  format_number                          12        3.000 us        0.250 us        0.200 us        0.300 us        3.000 us
  logger_task                             1      165.300 us      165.300 us      165.300 us      165.300 us        1.800 us

# hart 0 (its own context): ran 40.300 us, 1 function
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  rtos_run                                1       40.300 us       40.300 us       40.300 us       40.300 us       40.300 us
