#ifndef CPLEDGESUPPORT_H
#define CPLEDGESUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), chainable like zlib's crc32:
/// start with crc = 0, feed the previous result back in. crc32c("123456789") == 0xE3069283.
/// Uses the SSE4.2 crc32 instruction when the CPU has it, a slicing-by-8 table otherwise.
uint32_t pledge_crc32c(uint32_t crc, const void *data, size_t length);

/// Streaming SHA-256 (FIPS 180-4). Uses the x86 SHA extensions when the CPU has them.
typedef struct {
  uint32_t state[8];
  uint64_t total_bytes;
  uint8_t buffer[64];
  size_t buffered;
} pledge_sha256_ctx;

void pledge_sha256_init(pledge_sha256_ctx *ctx);
void pledge_sha256_update(pledge_sha256_ctx *ctx, const void *data, size_t length);
void pledge_sha256_final(pledge_sha256_ctx *ctx, uint8_t digest[32]);

/// Which implementation is in use, for benchmarks: 1 when hardware instructions are used.
int pledge_crc32c_is_hardware(void);
int pledge_sha256_is_hardware(void);

/// The same computations through a chosen implementation, so that tests run both on the same
/// inputs: 0 the portable code, 1 the hardware instructions where the CPU has them (the
/// matching *_is_hardware() says so), else the portable code too.
uint32_t pledge_crc32c_with(int implementation, uint32_t crc, const void *data, size_t length);
void pledge_sha256_update_with(int implementation, pledge_sha256_ctx *ctx, const void *data, size_t length);
void pledge_sha256_final_with(int implementation, pledge_sha256_ctx *ctx, uint8_t digest[32]);

/// Anonymous memory in whole pages, which grows without copying (mremap moves the pages):
/// for buffers of megabytes that grow by doubling. NULL when the system refuses.
void *pledge_pages_allocate(size_t size);
void *pledge_pages_resize(void *pages, size_t size, size_t new_size);
void pledge_pages_free(void *pages, size_t size);

/// Asks the CPU to bring the cache line at `address` in ahead of use (a hint; never faults).
static inline void pledge_prefetch(const void *address) { __builtin_prefetch(address, 0, 1); }

#endif
