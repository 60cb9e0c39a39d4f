/*
 * The reference for createRandom of @fewshot/common, in C, sharing no code with it:
 *   - sfc32 as published in PractRand by its author, Chris Doty-Humphrey (src/RNGs/sfc.cpp, raw32);
 *   - SplitMix32: a Weyl sequence (golden-ratio increment) through MurmurHash3's 32-bit finalizer,
 *     the 32-bit counterpart of Steele, Lea and Flood's SplitMix64;
 *   - FNV-1a (32-bit) over the purpose label, XORed with the seed's low and high 32-bit halves.
 * Usage:
 *   sfc32-reference seed SEED PURPOSE COUNT   the state after seeding and 12 discarded outputs, then COUNT outputs
 *   sfc32-reference state A B C D COUNT        the same from an explicit state
 * Output: one unsigned decimal per line (the four state words first).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t a, b, c, counter;

static uint32_t sfc32(void) {
  enum { BARREL_SHIFT = 21, RSHIFT = 9, LSHIFT = 3 };
  uint32_t tmp = a + b + counter++;
  a = b ^ (b >> RSHIFT);
  b = c + (c << LSHIFT);
  c = ((c << BARREL_SHIFT) | (c >> (32 - BARREL_SHIFT))) + tmp;
  return tmp;
}

static uint32_t splitmix_state;

static uint32_t splitmix32(void) {
  uint32_t z = (splitmix_state += 0x9e3779b9u);
  z = (z ^ (z >> 16)) * 0x85ebca6bu;
  z = (z ^ (z >> 13)) * 0xc2b2ae35u;
  return z ^ (z >> 16);
}

static uint32_t fnv1a(const char *text) {
  uint32_t hash = 0x811c9dc5u;
  for (; *text != '\0'; text++) hash = (hash ^ (unsigned char)*text) * 0x01000193u;
  return hash;
}

int main(int argc, char **argv) {
  long count;
  if (argc == 5 && strcmp(argv[1], "seed") == 0) {
    int64_t seed = strtoll(argv[2], NULL, 10);
    /* The high half is floor(seed / 2^32): an arithmetic shift (GCC and Clang shift signed values so). */
    splitmix_state = fnv1a(argv[3]) ^ (uint32_t)seed ^ (uint32_t)(seed >> 32);
    a = splitmix32();
    b = splitmix32();
    c = splitmix32();
    counter = splitmix32();
    for (int i = 0; i < 12; i++) sfc32();
    count = strtol(argv[4], NULL, 10);
  } else if (argc == 7 && strcmp(argv[1], "state") == 0) {
    a = (uint32_t)strtoul(argv[2], NULL, 10);
    b = (uint32_t)strtoul(argv[3], NULL, 10);
    c = (uint32_t)strtoul(argv[4], NULL, 10);
    counter = (uint32_t)strtoul(argv[5], NULL, 10);
    count = strtol(argv[6], NULL, 10);
  } else {
    fprintf(stderr, "usage: %s seed SEED PURPOSE COUNT | state A B C D COUNT\n", argv[0]);
    return 2;
  }
  printf("%u\n%u\n%u\n%u\n", a, b, c, counter);
  for (long i = 0; i < count; i++) printf("%u\n", sfc32());
  return 0;
}
