# One INTERFACE target carries the compile policy; every Okno target links it.
add_library(okno_compile_policy INTERFACE)
target_compile_features(okno_compile_policy INTERFACE cxx_std_20)
target_compile_definitions(okno_compile_policy INTERFACE OKNO_VERSION="${PROJECT_VERSION}")
target_compile_definitions(okno_compile_policy INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_USE_QSTRINGBUILDER
  QT_NO_KEYWORDS
  $<$<NOT:$<CONFIG:Debug>>:QT_NO_DEBUG_OUTPUT>)
target_compile_options(okno_compile_policy INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual
  $<$<BOOL:${OKNO_WERROR}>:-Werror>)
