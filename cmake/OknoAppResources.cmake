# What makes a terminal a desktop application: its icon and its .desktop file, from resources/.
#
# okno_app_resources(<target>) — for the GUI app <target> (okno-reception, …):
#   - renders resources/icons/<target>.svg to PNG at the sizes of the freedesktop icon theme with
#     rsvg-convert (Debian's librsvg2-bin, in scripts/deps.sh) at build time: the SVG is the only
#     source, no rendered copy is committed;
#   - embeds those PNGs in the executable as :/okno/icon/<size>.png, which ui::setApplicationIcon()
#     makes the window icon. PNGs, not the SVG: Qt draws an SVG icon only with the Qt SVG plugin
#     (qt6-svg), which the terminals do not otherwise need;
#   - installs the SVG to hicolor/scalable/apps, each PNG to hicolor/<size>x<size>/apps and
#     resources/desktop/<target>.desktop to applications/, under ${CMAKE_INSTALL_DATADIR}.
include_guard(GLOBAL)
include(GNUInstallDirs)

set(OKNO_ICON_SIZES 16 32 48 64 128 256)

function(okno_app_resources target)
  find_program(OKNO_RSVG_CONVERT rsvg-convert)
  if(NOT OKNO_RSVG_CONVERT)
    message(FATAL_ERROR "rsvg-convert not found: it renders the terminals' icons "
                        "(apt-get install librsvg2-bin, or run scripts/deps.sh)")
  endif()
  set(resources ${PROJECT_SOURCE_DIR}/resources)
  set(svg ${resources}/icons/${target}.svg)
  set(desktop ${resources}/desktop/${target}.desktop)
  foreach(file IN ITEMS ${svg} ${desktop})
    if(NOT EXISTS ${file})
      message(FATAL_ERROR "${target}: ${file} is missing (every GUI app has an icon and a .desktop file)")
    endif()
  endforeach()

  set(out ${CMAKE_CURRENT_BINARY_DIR}/okno-icon)
  set(pngs)
  foreach(size IN LISTS OKNO_ICON_SIZES)
    list(APPEND pngs ${out}/${size}.png)
  endforeach()
  set(commands)
  foreach(size IN LISTS OKNO_ICON_SIZES)
    list(APPEND commands COMMAND ${OKNO_RSVG_CONVERT} --width ${size} --height ${size}
                         --output ${out}/${size}.png ${svg})
  endforeach()
  add_custom_command(OUTPUT ${pngs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out}
    ${commands}
    DEPENDS ${svg}
    COMMENT "Rendering the icon of ${target}"
    VERBATIM)
  qt_add_resources(${target} "${target}_icon" PREFIX /okno/icon BASE ${out} FILES ${pngs})

  install(FILES ${svg} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT terminals)
  foreach(size IN LISTS OKNO_ICON_SIZES)
    install(FILES ${out}/${size}.png DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME ${target}.png COMPONENT terminals)
  endforeach()
  install(FILES ${desktop} DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT terminals)
endfunction()
