# profile: 7 functions, from the calls of a function_graph trace
#
  Function                              Hit           Total             Avg             Min             Max            Self
  --------                              ---           -----             ---             ---             ---            ----
  fib                                    15       20.000 us        1.333 us        0.200 us        6.700 us        6.700 us
  busy                                    1        1.200 us        1.200 us        1.200 us        1.200 us        1.200 us
  work                                    1       11.400 us       11.400 us       11.400 us       11.400 us        1.000 us
  right                                   1        1.200 us        1.200 us        1.200 us        1.200 us        0.800 us
  top                                     1        2.500 us        2.500 us        2.500 us        2.500 us        0.600 us
  leaf                                    3        0.600 us        0.200 us        0.200 us        0.200 us        0.600 us
  left                                    1        0.700 us        0.700 us        0.700 us        0.700 us        0.500 us
