# profile: 9 functions, from the calls of a function_graph trace
#
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  run_everywhere                          1      181.100 us      181.100 us      181.100 us      181.100 us      150.300 us
  busy                                    2       48.500 us       24.250 us        1.500 us       47.000 us       48.500 us
  fib                                    30      105.400 us        3.513 us        0.400 us       18.400 us       35.500 us
  work                                    2      133.400 us       66.700 us       29.500 us      103.900 us       25.300 us
  top                                     2       24.100 us       12.050 us        7.600 us       16.500 us       10.000 us
  work_on_hart                            2      142.500 us       71.250 us       30.800 us      111.700 us        9.100 us
  left                                    2        7.200 us        3.600 us        2.200 us        5.000 us        5.500 us
  right                                   2        6.900 us        3.450 us        3.100 us        3.800 us        4.700 us
  leaf                                    6        3.900 us        0.650 us        0.500 us        1.100 us        3.900 us
