// Streaming SHA-256 (FIPS 180-4).
//
// Two block functions:
//  - x86 with the SHA extensions (SHA-NI): sha256rnds2 / sha256msg1 / sha256msg2.
//  - everywhere else: a portable implementation.
// The choice is made once (first use) from CPUID: leaf 7 EBX bit 29 (SHA) plus leaf 1
// ECX bits 9 (SSSE3, for pshufb) and 19 (SSE4.1, for pblendw). CPUID is used directly
// rather than __builtin_cpu_supports("sha") so the check does not depend on the
// compiler's and the runtime library's (libgcc / compiler-rt) feature tables agreeing.

#include "CPledgeSupport.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define PLEDGE_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>
#else
#define PLEDGE_SHA256_X86 0
#endif

typedef void (*sha256_blocks_fn)(uint32_t state[8], const unsigned char *data, size_t nblocks);

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

static inline uint32_t sha256_load_be32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline void sha256_store_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

// ---------------------------------------------------------------------------------------
// Portable block function.

static inline uint32_t sha256_rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

#define SHA256_BSIG0(x) (sha256_rotr((x), 2) ^ sha256_rotr((x), 13) ^ sha256_rotr((x), 22))
#define SHA256_BSIG1(x) (sha256_rotr((x), 6) ^ sha256_rotr((x), 11) ^ sha256_rotr((x), 25))
#define SHA256_SSIG0(x) (sha256_rotr((x), 7) ^ sha256_rotr((x), 18) ^ ((x) >> 3))
#define SHA256_SSIG1(x) (sha256_rotr((x), 17) ^ sha256_rotr((x), 19) ^ ((x) >> 10))
#define SHA256_CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define SHA256_MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

// Message schedule kept in a rolling 16-word window.
#define SHA256_W(i)                                                                      \
  (w[(i) & 15] += SHA256_SSIG1(w[((i) - 2) & 15]) + w[((i) - 7) & 15] +                  \
                  SHA256_SSIG0(w[((i) - 15) & 15]))

#define SHA256_ROUND(a, b, c, d, e, f, g, h, i, wi)                                      \
  do {                                                                                   \
    uint32_t t1_ = (h) + SHA256_BSIG1(e) + SHA256_CH(e, f, g) + sha256_k[i] + (wi);      \
    uint32_t t2_ = SHA256_BSIG0(a) + SHA256_MAJ(a, b, c);                                \
    (d) += t1_;                                                                          \
    (h) = t1_ + t2_;                                                                     \
  } while (0)

#define SHA256_ROUNDS8(i, W)                                                             \
  do {                                                                                   \
    SHA256_ROUND(a, b, c, d, e, f, g, h, (i) + 0, W((i) + 0));                           \
    SHA256_ROUND(h, a, b, c, d, e, f, g, (i) + 1, W((i) + 1));                           \
    SHA256_ROUND(g, h, a, b, c, d, e, f, (i) + 2, W((i) + 2));                           \
    SHA256_ROUND(f, g, h, a, b, c, d, e, (i) + 3, W((i) + 3));                           \
    SHA256_ROUND(e, f, g, h, a, b, c, d, (i) + 4, W((i) + 4));                           \
    SHA256_ROUND(d, e, f, g, h, a, b, c, (i) + 5, W((i) + 5));                           \
    SHA256_ROUND(c, d, e, f, g, h, a, b, (i) + 6, W((i) + 6));                           \
    SHA256_ROUND(b, c, d, e, f, g, h, a, (i) + 7, W((i) + 7));                           \
  } while (0)

#define SHA256_W_PLAIN(i) w[i]

static void sha256_blocks_portable(uint32_t state[8], const unsigned char *p, size_t nblocks) {
  while (nblocks--) {
    uint32_t w[16];
    for (int i = 0; i < 16; i++) w[i] = sha256_load_be32(p + 4 * i);
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    SHA256_ROUNDS8(0, SHA256_W_PLAIN);
    SHA256_ROUNDS8(8, SHA256_W_PLAIN);
    for (int i = 16; i < 64; i += 8) SHA256_ROUNDS8(i, SHA256_W);
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
    p += 64;
  }
}

#if PLEDGE_SHA256_X86

// ---------------------------------------------------------------------------------------
// SHA-NI block function. The state is kept as two vectors ABEF / CDGH, the layout
// sha256rnds2 works on.

// Four rounds on message vector `msg` (words 4*g .. 4*g+3).
#define SHA256_NI_RNDS4(msg, g)                                                          \
  do {                                                                                   \
    __m128i t_ = _mm_add_epi32(                                                          \
        (msg), _mm_loadu_si128((const __m128i *)(const void *)&sha256_k[4 * (g)]));      \
    s1 = _mm_sha256rnds2_epu32(s1, s0, t_);                                              \
    t_ = _mm_shuffle_epi32(t_, 0x0E);                                                    \
    s0 = _mm_sha256rnds2_epu32(s0, s1, t_);                                              \
  } while (0)

// m4 (holding W[t-16..t-13]) becomes W[t..t+3], from m4 = W[t-16..], m3 = W[t-12..],
// m2 = W[t-8..], m1 = W[t-4..].
#define SHA256_NI_SCHED(m4, m3, m2, m1)                                                  \
  (m4) = _mm_sha256msg2_epu32(                                                           \
      _mm_add_epi32(_mm_sha256msg1_epu32((m4), (m3)), _mm_alignr_epi8((m1), (m2), 4)), (m1))

__attribute__((target("sha,sse4.1")))
static void sha256_blocks_shani(uint32_t state[8], const unsigned char *p, size_t nblocks) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i tmp = _mm_loadu_si128((const __m128i *)(const void *)&state[0]);  // DCBA
  __m128i s1 = _mm_loadu_si128((const __m128i *)(const void *)&state[4]);   // HGFE
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                         // CDAB
  s1 = _mm_shuffle_epi32(s1, 0x1B);                           // EFGH
  __m128i s0 = _mm_alignr_epi8(tmp, s1, 8);                   // ABEF
  s1 = _mm_blend_epi16(s1, tmp, 0xF0);                        // CDGH

  while (nblocks--) {
    const __m128i abef = s0, cdgh = s1;
    const __m128i *in = (const __m128i *)(const void *)p;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128(in + 0), bswap);
    __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128(in + 1), bswap);
    __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128(in + 2), bswap);
    __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128(in + 3), bswap);

    SHA256_NI_RNDS4(m0, 0);
    SHA256_NI_RNDS4(m1, 1);
    SHA256_NI_RNDS4(m2, 2);
    SHA256_NI_RNDS4(m3, 3);
    SHA256_NI_SCHED(m0, m1, m2, m3); SHA256_NI_RNDS4(m0, 4);
    SHA256_NI_SCHED(m1, m2, m3, m0); SHA256_NI_RNDS4(m1, 5);
    SHA256_NI_SCHED(m2, m3, m0, m1); SHA256_NI_RNDS4(m2, 6);
    SHA256_NI_SCHED(m3, m0, m1, m2); SHA256_NI_RNDS4(m3, 7);
    SHA256_NI_SCHED(m0, m1, m2, m3); SHA256_NI_RNDS4(m0, 8);
    SHA256_NI_SCHED(m1, m2, m3, m0); SHA256_NI_RNDS4(m1, 9);
    SHA256_NI_SCHED(m2, m3, m0, m1); SHA256_NI_RNDS4(m2, 10);
    SHA256_NI_SCHED(m3, m0, m1, m2); SHA256_NI_RNDS4(m3, 11);
    SHA256_NI_SCHED(m0, m1, m2, m3); SHA256_NI_RNDS4(m0, 12);
    SHA256_NI_SCHED(m1, m2, m3, m0); SHA256_NI_RNDS4(m1, 13);
    SHA256_NI_SCHED(m2, m3, m0, m1); SHA256_NI_RNDS4(m2, 14);
    SHA256_NI_SCHED(m3, m0, m1, m2); SHA256_NI_RNDS4(m3, 15);

    s0 = _mm_add_epi32(s0, abef);
    s1 = _mm_add_epi32(s1, cdgh);
    p += 64;
  }

  tmp = _mm_shuffle_epi32(s0, 0x1B);     // FEBA
  s1 = _mm_shuffle_epi32(s1, 0xB1);      // DCHG
  s0 = _mm_blend_epi16(tmp, s1, 0xF0);   // DCBA
  s1 = _mm_alignr_epi8(s1, tmp, 8);      // HGFE
  _mm_storeu_si128((__m128i *)(void *)&state[0], s0);
  _mm_storeu_si128((__m128i *)(void *)&state[4], s1);
}

// -1: not decided yet; otherwise 0/1. Racing first calls compute the same value.
static _Atomic int sha256_hw_state = -1;

static int sha256_detect(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
  if (__get_cpuid_max(0, NULL) < 7) return 0;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  const int sha = (ebx >> 29) & 1;
  return ssse3 && sse41 && sha;
}

static int sha256_use_hw(void) {
  int v = atomic_load_explicit(&sha256_hw_state, memory_order_relaxed);
  if (v < 0) {
    v = sha256_detect();
    atomic_store_explicit(&sha256_hw_state, v, memory_order_relaxed);
  }
  return v;
}

#endif  // PLEDGE_SHA256_X86

/// 1: the SHA instructions when the CPU has them, else the portable code; 0: the portable code.
static sha256_blocks_fn sha256_blocks_for(int implementation) {
#if PLEDGE_SHA256_X86
  if (implementation == 1 && sha256_use_hw()) return sha256_blocks_shani;
#endif
  (void)implementation;
  return sha256_blocks_portable;
}

static sha256_blocks_fn sha256_blocks(void) { return sha256_blocks_for(1); }


// ---------------------------------------------------------------------------------------
// Streaming, parameterised by the block function.

static void sha256_update_with(pledge_sha256_ctx *ctx, const unsigned char *p, size_t n,
                               sha256_blocks_fn blocks) {
  if (n == 0) return;  // also covers p == NULL
  ctx->total_bytes += n;
  if (ctx->buffered != 0) {
    size_t take = 64 - ctx->buffered;
    if (take > n) take = n;
    memcpy(ctx->buffer + ctx->buffered, p, take);
    ctx->buffered += take;
    p += take;
    n -= take;
    if (ctx->buffered < 64) return;
    blocks(ctx->state, ctx->buffer, 1);
    ctx->buffered = 0;
  }
  if (n >= 64) {
    size_t nblocks = n / 64;
    blocks(ctx->state, p, nblocks);
    p += nblocks * 64;
    n -= nblocks * 64;
  }
  if (n != 0) {
    memcpy(ctx->buffer, p, n);
    ctx->buffered = n;
  }
}

static void sha256_final_with(pledge_sha256_ctx *ctx, uint8_t digest[32], sha256_blocks_fn blocks) {
  const uint64_t bits = ctx->total_bytes * 8;
  size_t used = ctx->buffered;
  ctx->buffer[used++] = 0x80;
  if (used > 56) {
    memset(ctx->buffer + used, 0, 64 - used);
    blocks(ctx->state, ctx->buffer, 1);
    used = 0;
  }
  memset(ctx->buffer + used, 0, 56 - used);
  sha256_store_be32(ctx->buffer + 56, (uint32_t)(bits >> 32));
  sha256_store_be32(ctx->buffer + 60, (uint32_t)bits);
  blocks(ctx->state, ctx->buffer, 1);
  for (int i = 0; i < 8; i++) sha256_store_be32(digest + 4 * i, ctx->state[i]);
  ctx->buffered = 0;
}

// ---------------------------------------------------------------------------------------
// Public API.

void pledge_sha256_init(pledge_sha256_ctx *ctx) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(ctx->state, iv, sizeof iv);
  ctx->total_bytes = 0;
  memset(ctx->buffer, 0, sizeof ctx->buffer);
  ctx->buffered = 0;
}

void pledge_sha256_update(pledge_sha256_ctx *ctx, const void *data, size_t length) {
  sha256_update_with(ctx, (const unsigned char *)data, length, sha256_blocks());
}

// After final the context must be re-initialised with pledge_sha256_init before reuse.
void pledge_sha256_final(pledge_sha256_ctx *ctx, uint8_t digest[32]) {
  sha256_final_with(ctx, digest, sha256_blocks());
}


void pledge_sha256_update_with(int implementation, pledge_sha256_ctx *ctx, const void *data, size_t length) {
  sha256_update_with(ctx, (const unsigned char *)data, length, sha256_blocks_for(implementation));
}

void pledge_sha256_final_with(int implementation, pledge_sha256_ctx *ctx, uint8_t digest[32]) {
  sha256_final_with(ctx, digest, sha256_blocks_for(implementation));
}

int pledge_sha256_is_hardware(void) {
#if PLEDGE_SHA256_X86
  return sha256_use_hw();
#else
  return 0;
#endif
}
