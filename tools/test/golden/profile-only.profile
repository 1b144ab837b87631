# profile: 5 functions, recorded by the profiler
#
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  busy                                    2       70.000 us       35.000 us       30.000 us       40.000 us       70.000 us
  fib                                    30       90.000 us        3.000 us        1.000 us       12.000 us       60.000 us
  top                                     2       40.000 us       20.000 us       19.000 us       21.000 us       34.000 us
  work                                    2      200.000 us      100.000 us       90.000 us      110.000 us       30.000 us
  leaf                                    6        6.000 us        1.000 us        0.900 us        1.200 us        6.000 us
