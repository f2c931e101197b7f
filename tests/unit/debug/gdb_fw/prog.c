// The program the gdb session test debugs: known values at known points.
// func(x) is called with x = 1..5; counter is the running sum, so at the k-th call
// counter == k*(k-1)/2 on entry; main returns 3 * (1+2+3+4+5) = 45.
volatile unsigned long counter;
unsigned long result;
volatile unsigned long spins;

unsigned long __attribute__((noinline)) func(unsigned long x) {
  counter += x;
  return counter * 3;
}

int main(void) {
  for (unsigned long i = 1; i <= 5; ++i) result = func(i);
  return (int)result;
}

void secondary_main(void) {
  for (;;) spins++;
}
