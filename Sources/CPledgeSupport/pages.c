#define _GNU_SOURCE
#include <sys/mman.h>
#include "CPledgeSupport.h"

void *pledge_pages_allocate(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

void *pledge_pages_resize(void *pages, size_t size, size_t new_size) {
  void *p = mremap(pages, size, new_size, MREMAP_MAYMOVE);
  return p == MAP_FAILED ? NULL : p;
}

void pledge_pages_free(void *pages, size_t size) { munmap(pages, size); }
