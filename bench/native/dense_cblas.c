/*
 * The dense products of the native C benchmark through the system's OpenBLAS (Debian's
 * libopenblas-dev): cblas_dgemm for the three products of a mini-batch, cblas_dgemv / cblas_dger
 * for one row (online training: what a BLAS user calls for a matrix-vector product and a rank-1
 * update). The SGD step is the product itself: W = W − lr·dyᵀ·x (alpha −lr, beta 1).
 * Weights in the arena layout, W (OUT,IN) row-major. Threads: OPENBLAS_NUM_THREADS (bench/run.ts
 * runs it with 1 and with all cores). With -DMLP_F32 the same calls in float32 (cblas_sgemm,
 * sgemv, sger): the float32 limit beside wasmprop's dtype 'f32'.
 * Not here: the driver and activations (mlp.c), the plain-C kernels (dense_blocked.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "dense.h"

#ifdef MLP_F32
#define GEMM cblas_sgemm
#define GEMV cblas_sgemv
#define GER cblas_sger
#define PRECISION "f32"
#else
#define GEMM cblas_dgemm
#define GEMV cblas_dgemv
#define GER cblas_dger
#define PRECISION "f64"
#endif

#define MAXL 8

static int nl, sz[MAXL + 1];
static real *W[MAXL], *bias[MAXL];

void dense_init(int L, const int *sizes, int cap) {
  (void)cap;
  nl = L;
  for (int l = 0; l <= L; l++) sz[l] = sizes[l];
  for (int l = 0; l < L; l++) {
    W[l] = malloc((size_t)sz[l] * sz[l + 1] * sizeof(real));
    bias[l] = malloc(sz[l + 1] * sizeof(real));
  }
}

void dense_load(const real *arena) {
  for (int l = 0; l < nl; l++) {
    const size_t n = (size_t)sz[l] * sz[l + 1];
    memcpy(W[l], arena, n * sizeof(real));
    memcpy(bias[l], arena + n, sz[l + 1] * sizeof(real));
    arena += n + sz[l + 1];
  }
}

void dense_fwd(int l, real *y, const real *x, int B) {
  const int IN = sz[l], OUT = sz[l + 1];
  for (int r = 0; r < B; r++) memcpy(y + (size_t)r * OUT, bias[l], OUT * sizeof(real));
  if (B == 1) GEMV(CblasRowMajor, CblasNoTrans, OUT, IN, 1.0, W[l], IN, x, 1, 1.0, y, 1);
  else GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, B, OUT, IN, 1.0, x, IN, W[l], IN, 1.0, y, OUT);
}

void dense_bwd_data(int l, real *dx, const real *dy, int B) {
  const int IN = sz[l], OUT = sz[l + 1];
  if (B == 1) GEMV(CblasRowMajor, CblasTrans, OUT, IN, 1.0, W[l], IN, dy, 1, 0.0, dx, 1);
  else GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, IN, OUT, 1.0, dy, OUT, W[l], IN, 0.0, dx, IN);
}

void dense_sgd(int l, const real *dy, const real *x, int B, real lr, int withBias) {
  const int IN = sz[l], OUT = sz[l + 1];
  if (withBias)
    for (int o = 0; o < OUT; o++) {
      real s = 0;
      for (int r = 0; r < B; r++) s += dy[(size_t)r * OUT + o];
      bias[l][o] -= lr * s;
    }
  if (B == 1) GER(CblasRowMajor, OUT, IN, -lr, dy, 1, x, 1, W[l], IN);
  else GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, OUT, IN, B, -lr, dy, OUT, x, IN, 1.0, W[l], IN);
}

const char *dense_describe(void) {
  static char json[512];
  char config[256];
  snprintf(config, sizeof config, "%s", openblas_get_config());
  for (char *p = config; *p; p++)
    if (*p == '"' || *p == '\\') *p = ' ';
  snprintf(json, sizeof json, "{\"library\":\"OpenBLAS\",\"precision\":\"" PRECISION "\",\"corename\":\"%s\",\"config\":\"%s\",\"threads\":%d}",
           openblas_get_corename(), config, openblas_get_num_threads());
  return json;
}
