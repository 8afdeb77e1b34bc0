# Included by devicescript-esp32's top-level CMakeLists.txt before project() (build.sh adds the include line).
# Adds the pager base's sdkconfig lines (main/sdkconfig.pager) after the port's sdkconfig.defaults: on a fresh
# sdkconfig, later defaults files win.
set(SDKCONFIG_DEFAULTS "sdkconfig.defaults;main/sdkconfig.pager")
