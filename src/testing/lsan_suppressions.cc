// LeakSanitizer suppressions, linked into every test binary and the steward
// server of the ASan build (cmake/StewardTargets.cmake, src/cli) since any
// server may render a PDF (issuing an invoice e-mails it): fontconfig
// 2.14 leaks a few hundred bytes once per process while it parses its XML
// configuration (FcInitLoadConfigAndFonts, from pango's font map start-up).
// That is the library's, not ours; everything of cairo and pango that the
// renderer allocates is released per PDF and still checked.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
