# Included by devicescript-esp32's top-level CMakeLists.txt (build.sh adds the include line before
# project()). Routes the runtime's socket entry points through tcpsock_dispatch.c.
foreach(fn jd_tcpsock_new jd_tcpsock_write jd_tcpsock_close jd_tcpsock_process)
    idf_build_set_property(LINK_OPTIONS "-Wl,--wrap=${fn}" APPEND)
endforeach()
