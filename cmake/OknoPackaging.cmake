# Debian packages of Okno (CPack, DEB): `cpack --config build/CPackConfig.cmake` in the build
# directory, or scripts/package.sh, which also checks them (lintian) and runs what they install.
#
#   okno-server     okno-server, oknoctl, their man pages, the systemd unit, the user okno
#                   (sysusers.d), /etc/okno/okno-server.conf (a conffile)
#   okno-terminals  the six terminals, their man pages, icons and .desktop files
#
# Dependencies come from dpkg-shlibdeps over the binaries, plus the Qt plugins they load at run
# time (no binary names them): the SQLite driver for the server, the platform plugins for the
# terminals. Development tools (okno-bench, okno-history, okno-demo) are not packaged.
include_guard(GLOBAL)

set(OKNO_DEB_RELEASE 1)
set(OKNO_DEB_VERSION ${PROJECT_VERSION}-${OKNO_DEB_RELEASE})
set(debian ${PROJECT_SOURCE_DIR}/resources/debian)
set(staging ${PROJECT_BINARY_DIR}/debian)

# Each package's copyright and changelog, where Debian wants them (lintian refuses a package
# without), the changelog compressed reproducibly.
configure_file(${debian}/changelog.in ${staging}/changelog.Debian @ONLY)
add_custom_command(
  OUTPUT ${staging}/changelog.Debian.gz
  COMMAND gzip -9nkf ${staging}/changelog.Debian
  DEPENDS ${staging}/changelog.Debian
  VERBATIM)
add_custom_target(okno_debian_changelog ALL DEPENDS ${staging}/changelog.Debian.gz)

set(components server)
if(OKNO_BUILD_APPS)
  list(APPEND components terminals)
endif()
foreach(component IN LISTS components)
  install(FILES ${debian}/copyright ${staging}/changelog.Debian.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/okno-${component} COMPONENT ${component})
endforeach()

# The server's maintainer scripts and conffiles, under the names dpkg gives them (the scripts keep
# their executable mode from the source tree).
foreach(script IN ITEMS postinst prerm postrm conffiles)
  configure_file(${debian}/okno-server.${script} ${staging}/server/${script} COPYONLY)
endforeach()
configure_file(${debian}/okno-terminals.conffiles ${staging}/terminals/conffiles COPYONLY)

# Man pages, made at build time from each program's --help (help2man, in scripts/deps.sh); the
# terminals answer --help on Qt's offscreen platform, without a display; UTF-8, for their Russian
# titles.
find_program(OKNO_HELP2MAN help2man)
if(NOT OKNO_HELP2MAN)
  message(FATAL_ERROR "help2man not found: it makes the man pages (apt-get install help2man, or run scripts/deps.sh)")
endif()
set(OKNO_MAN_okno-server "the queue server of the Okno customer-service suite")
set(OKNO_MAN_oknoctl "administer an Okno queue server from a shell")
set(OKNO_MAN_okno-reception "the Okno terminal of a centre's reception (administrator)")
set(OKNO_MAN_okno-consultant "the Okno terminal of a consultant's desk")
set(OKNO_MAN_okno-cashier "the Okno terminal of an operator-cashier's desk")
set(OKNO_MAN_okno-dashboard "the Okno manager's dashboard")
set(OKNO_MAN_okno-board "the Okno hall board")
set(OKNO_MAN_okno-kiosk "the Okno self-service kiosk")
set(man_programs okno-server oknoctl)
if(OKNO_BUILD_APPS)
  list(APPEND man_programs okno-reception okno-consultant okno-cashier okno-dashboard okno-board okno-kiosk)
endif()
foreach(program IN LISTS man_programs)
  set(page ${staging}/man/${program}.1)
  add_custom_command(
    OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${staging}/man
    COMMAND ${CMAKE_COMMAND} -E make_directory ${staging}/runtime
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 XDG_RUNTIME_DIR=${staging}/runtime
            ${OKNO_HELP2MAN} --no-info --locale=C.UTF-8 --version-string=${PROJECT_VERSION}
            --section=1 --source=Okno "--name=${OKNO_MAN_${program}}" --output=${page} $<TARGET_FILE:${program}>
    COMMAND gzip -9nf ${page}
    DEPENDS ${program}
    COMMENT "Man page of ${program}"
    VERBATIM)
  if(program MATCHES "^okno(-server|ctl)$")
    install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT server)
  else()
    install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT terminals)
  endif()
  list(APPEND manpages ${page}.gz)
endforeach()
add_custom_target(okno_manpages ALL DEPENDS ${manpages})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME okno)
set(CPACK_PACKAGE_VENDOR "Okno developers")
set(CPACK_PACKAGE_CONTACT "Okno developers <okno@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON) # lintian: an unstripped binary is an error
set(CPACK_COMPONENTS_ALL ${components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${OKNO_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://example.org/okno)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME okno-server)
set(CPACK_COMPONENT_SERVER_DESCRIPTION
    "queue server of the Okno customer-service suite\n"
    "okno-server owns the queues, desks, visits, consultations and payments of\n"
    "every customer-service centre of a company and serves its terminals over\n"
    "TCP (TLS on a company network); oknoctl administers it from a shell. It\n"
    "runs as the systemd service okno-server, as the user okno, on an SQLite\n"
    "database in /var/lib/okno, or on PostgreSQL with several nodes.")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "libqt6sql6-sqlite, adduser")
# PostgreSQL (docs/scale-out.md) needs Qt's driver for it; libpq itself comes with shlibdeps.
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "libqt6sql6-psql")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${staging}/server/postinst;${staging}/server/prerm;${staging}/server/postrm;${staging}/server/conffiles")

set(CPACK_DEBIAN_TERMINALS_PACKAGE_NAME okno-terminals)
set(CPACK_COMPONENT_TERMINALS_DESCRIPTION
    "staff terminals and hall devices of the Okno customer-service suite\n"
    "The reception, consultant and cashier terminals, the manager's dashboard,\n"
    "the hall board and the self-service kiosk of a customer-service centre.\n"
    "Each connects to an okno-server (package okno-server, usually on another\n"
    "machine).")
set(CPACK_DEBIAN_TERMINALS_PACKAGE_DEPENDS "qt6-qpa-plugins, fonts-dejavu-core")
set(CPACK_DEBIAN_TERMINALS_PACKAGE_CONTROL_EXTRA "${staging}/terminals/conffiles")

include(CPack)
