#!/usr/bin/env bash
# Builds the UDP-capable DeviceScript runtime for the pager base (README.md, "ESP32").
#
#   boards/esp32/build.sh [--target esp32|esp32c3] <path to a devicescript-esp32 checkout>
#
# --target esp32 (default): classic ESP32, board pager_base; esp32c3: ESP32-C3, board pager_base_c3.
# Needs: the checkout at PORT_COMMIT with its submodules, ESP-IDF v5.0.5 exported (. $IDF_PATH/export.sh),
# and this project's npm install (for `devs binpatch`). Writes
#   .devicescript/udp-runtime/devicescript-esp32-pager_base-0x1000.bin
#   (esp32c3: devicescript-esp32c3-pager_base_c3-0x0.bin)
# for `npx devs flash <target> --board <board> --file <that file>`.
# It changes the checkout: it copies the extension into main/ and adds include lines to CMakeLists.txt.
set -euo pipefail

PORT_COMMIT=f6aec45d0a38e76b0019b975f185033e66e2f85d      # microsoft/devicescript-esp32, 2024-04-11
RUNTIME_COMMIT=c4e21867c53925030ef9c8f5d11b5fd400577b97   # its devicescript submodule (v2.16.0)
IDF_VERSION=v5.0.5                                        # what the port's CI builds with
TARGET=esp32
if [ "${1:-}" = --target ]; then TARGET="${2:?--target needs esp32 or esp32c3}"; shift 2; fi
case "$TARGET" in
    esp32) BOARD=pager_base ;;
    esp32c3) BOARD=pager_base_c3 ;;
    *) echo "build.sh: unknown target $TARGET (esp32 or esp32c3)" >&2; exit 1 ;;
esac

HERE="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$(cd "$HERE/../.." && pwd)"
SRC="$(cd "${1:?usage: $0 <devicescript-esp32 checkout>}" && pwd)"
OUT="$PROJECT/.devicescript/udp-runtime"
die() { echo "build.sh: $*" >&2; exit 1; }

# 1. The sources are the pinned ones.
[ "$(git -C "$SRC" rev-parse HEAD)" = "$PORT_COMMIT" ] ||
    die "$SRC is not at $PORT_COMMIT; run: git -C $SRC checkout $PORT_COMMIT && git -C $SRC submodule update --init --recursive"
[ "$(git -C "$SRC/devicescript" rev-parse HEAD 2>/dev/null)" = "$RUNTIME_COMMIT" ] ||
    die "submodule devicescript is not at $RUNTIME_COMMIT; run: git -C $SRC submodule update --init --recursive"
[ -f "$SRC/devicescript/runtime/jacdac-c/jacdac/README.md" ] ||
    die "nested submodules missing; run: git -C $SRC submodule update --init --recursive"
command -v idf.py >/dev/null || die "idf.py not found; install ESP-IDF $IDF_VERSION and run . \$IDF_PATH/export.sh"
idf.py --version | grep -q "$IDF_VERSION" || die "ESP-IDF $IDF_VERSION required, found: $(idf.py --version)"

# 2. Add the extension: sources into main/ (its CMakeLists globs *.c), link-time wrapping of the socket layer.
[ -f "$HERE/udp/http_page.c" ] || die "boards/esp32/udp/http_page.c missing: run npm install (it builds the page)"
cp "$HERE"/udp/pager_udp.h "$HERE"/udp/pager_udp.c "$HERE"/udp/tcpsock_dispatch.c \
   "$HERE"/udp/platform_esp32.c "$HERE"/udp/pager_udp.cmake \
   "$HERE"/udp/http_bridge.h "$HERE"/udp/http_bridge.c "$HERE"/udp/http_coap_map.h "$HERE"/udp/http_coap_map.c \
   "$HERE"/udp/coap_exchange.h "$HERE"/udp/coap_exchange.c "$HERE"/udp/http_page.h "$HERE"/udp/http_page.c "$SRC/main/"
# The base's sdkconfig lines (receive path: README "ESP32"; flash layout: "Storage"), read after the port's
# defaults via sdkconfig.cmake, and its partition table.
cp "$HERE"/udp/sdkconfig.pager "$HERE"/udp/sdkconfig.cmake "$HERE"/udp/partitions.pager.csv "$SRC/main/"
# The runtime's bitmap of the fstor's data pages is sized for 512 KB; the 1 MB partition has 224 data pages.
sed -i 's|^#define JD_FSTOR_MAX_DATA_PAGES (512 / 4)$|#define JD_FSTOR_MAX_DATA_PAGES (1024 / 4)|' "$SRC/main/jd_user_config.h"
grep -q '^#define JD_FSTOR_MAX_DATA_PAGES (1024 / 4)$' "$SRC/main/jd_user_config.h" ||
    die "main/jd_user_config.h: JD_FSTOR_MAX_DATA_PAGES not found to raise for the 1 MB fstor"
# CoAP multicast: group requests and their replies (README "Finding the base").
cp "$HERE"/udp/coap_group.h "$HERE"/udp/coap_group.c "$SRC/main/"
# Pages first: a page goes to the VM ahead of the datagrams waiting (docs/udp-contract.md).
cp "$HERE"/udp/page_first.h "$HERE"/udp/page_first.c "$SRC/main/"
# The radio: virtual RF datagrams to 0.0.0.0:0 go on air through SPI (docs/radio-protocols.md "From the VM to the air").
cp "$HERE"/udp/rf_train.h "$HERE"/udp/rf_train.c "$HERE"/udp/rf_raster.h "$HERE"/udp/rf_raster.c \
   "$HERE"/udp/rf_transceiver.h "$HERE"/udp/rf_transceiver.c "$HERE"/udp/rf_output.h "$HERE"/udp/rf_output.c \
   "$HERE"/udp/rf_output_esp32.c "$SRC/main/"
[ -f "$SRC/CMakeLists.txt.orig" ] || cp "$SRC/CMakeLists.txt" "$SRC/CMakeLists.txt.orig"
for cm in pager_udp.cmake sdkconfig.cmake; do
    grep -q "main/$cm" "$SRC/CMakeLists.txt" ||
        sed -i "s|^project(espjd)|include(main/$cm)\n&|" "$SRC/CMakeLists.txt"
done

# 3. Build for the target as the port's Makefile does (its prep/combine steps, without rebuilding the CLI).
cd "$SRC"
cat "boards/$TARGET/sdkconfig.$TARGET" boards/sdkconfig.common > sdkconfig.defaults
rm -f sdkconfig # defaults only seed a new sdkconfig: an old one would keep its values
cp boards/idf_component.yml main/
# mdns (boards/esp32/idf-components.txt) left ESP-IDF in 5.0: the component manager fetches it.
printf '  espressif/mdns:\n    version: "~1.2.5"\n' >> main/idf_component.yml
# A build directory configured for the other target cannot be reused.
grep -qs "^IDF_TARGET:STRING=$TARGET\$" build/CMakeCache.txt || rm -rf build
mkdir -p build
echo 'idf_build_set_property(COMPILE_OPTIONS "" APPEND)' > build/options.cmake
echo "const char app_fw_version[] = \"v$(sh devicescript/runtime/jacdac-c/scripts/git-version.sh)\";" > build/version.c
idf.py "-DIDF_TARGET=$TARGET" build
BL_OFF="$(sed -n 's/^CONFIG_BOOTLOADER_OFFSET_IN_FLASH=//p' sdkconfig)"
esptool.py --chip "$TARGET" merge_bin -o build/combined.bin --target-offset "$BL_OFF" \
    "$BL_OFF" build/bootloader/bootloader.bin 0x8000 build/partition_table/partition-table.bin 0x10000 build/espjd.bin

# 4. Put the board configuration in (`devs flash --file` writes the file as it is; binpatch wants arch.json beside the board).
cp "$PROJECT/boards/$BOARD.board.json" "boards/$TARGET/"
mkdir -p "$OUT"
(cd "$PROJECT" && npx devs binpatch --bin "$SRC/build/combined.bin" --elf "$SRC/build/espjd.elf" -o "$OUT" \
    "$SRC/boards/$TARGET/$BOARD.board.json")
echo "image: $(ls "$OUT"/devicescript-"$TARGET"-"$BOARD"-*.bin)"
