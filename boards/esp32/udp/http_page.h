// The web page, gzipped (generated into http_page.c by boards/page/build.js, run by `npm install`).
#pragma once

extern const unsigned char http_page_gz[];
extern const unsigned http_page_gz_len;
