// libsystemc.so refers to sc_main (its own main() calls it), so a program with its own main()
// must still define it. ppc64sim's main() drives the kernel itself; this is never called.
extern "C" int sc_main(int, char*[]) { return 70; }
