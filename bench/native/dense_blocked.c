/*
 * The dense products of the native C benchmark in plain C loops that gcc vectorizes at -O3 without
 * -ffast-math (no intrinsics): every inner loop is an axpy over a contiguous axis, never a
 * reduction, so no sum is reassociated by the compiler.
 * Weights are kept transposed, Wt (IN,OUT) with a padded row stride, so the forward pass and the
 * weight update run along the outputs. One register-blocked kernel (4 rows × NB columns of
 * accumulators, NB = two vectors) serves all three products; K is cut in blocks of KC and the
 * columns in strips of NB, so one strip of the weight panel stays in L1 while every row block uses
 * it. Backward-data reads W (OUT,IN), packed from Wt once per call (paid inside the timing).
 * Tiny layers (W1, W2) take plain loops with no packing and no blocking.
 * Not here: the driver and activations (mlp.c), the OpenBLAS twin (dense_cblas.c).
 */
#include <stdlib.h>
#include <string.h>
#include "dense.h"

/* NB: columns per tile (4 rows × NB accumulators, at most 16 vector registers, 32 with AVX-512).
 * ROWS_INSIDE: the four rows' statements inside the column loop. Needed where a vector holds 4
 * doubles (AVX2): with the row loop outside, gcc vectorizes across the 4 rows instead (one strided
 * vector per column, shuffles) and runs ~8× slower. Elsewhere the row loop outside is faster. */
#if defined(__AVX512F__)
#define NB 32 /* four 512-bit vectors per row */
#elif defined(__AVX__)
#define NB 16 /* four 256-bit vectors per row */
#define ROWS_INSIDE
#else
#define NB 4 /* two SSE2 vectors per row */
#endif
#define NB1 (4 * NB) /* columns of the one-row tile (online training) */
#define KC 256       /* K block: a strip of KC × NB weights is 8 KB (SSE2) or 16 KB (AVX) */
#define SMALL 256    /* layers with IN·OUT below this take the plain loops */
#define MAXL 8

enum { SET, ADD, SGD }; /* c = a·b; c += a·b (the next K block of the same sum); c −= lr·(a·b) */

static int nl, sz[MAXL + 1];
static double *wt[MAXL], *bias[MAXL], *wc; /* Wt (IN, ldw[l]); b (OUT); W (OUT, ldc[l]) scratch */
static double *dyp; /* dy (B, ldw[l]) scratch */
static size_t ldw[MAXL], ldc[MAXL];

/* A row stride off multiples of 64 doubles, so a strip's rows fall in different L1 sets. */
static size_t padded(int n) { return n >= 64 && n % 64 == 0 ? (size_t)n + 8 : (size_t)n; }

/* c (4,NB; stride ldc) op= a (4,K: a[r·ar + k·ak]) · bm (K,NB: bm[k·bk + j]) */
static inline __attribute__((always_inline)) void tile4(double *restrict c, size_t ldc_, const double *restrict a,
    size_t ar, size_t ak, const double *restrict bm, size_t bk, int K, int mode, double lr) {
  double acc[4][NB];
  for (int r = 0; r < 4; r++)
    for (int j = 0; j < NB; j++) acc[r][j] = mode == ADD ? c[r * ldc_ + j] : 0.0;
  for (int k = 0; k < K; k++) {
    const double *restrict bp = bm + (size_t)k * bk, *restrict ap = a + (size_t)k * ak;
#ifdef ROWS_INSIDE
    const double a0 = ap[0], a1 = ap[ar], a2 = ap[2 * ar], a3 = ap[3 * ar];
    for (int j = 0; j < NB; j++) {
      const double v = bp[j];
      acc[0][j] += a0 * v;
      acc[1][j] += a1 * v;
      acc[2][j] += a2 * v;
      acc[3][j] += a3 * v;
    }
#else
    for (int r = 0; r < 4; r++) {
      const double ark = ap[r * ar];
      for (int j = 0; j < NB; j++) acc[r][j] += ark * bp[j];
    }
#endif
  }
  for (int r = 0; r < 4; r++)
    for (int j = 0; j < NB; j++) {
      if (mode == SGD) c[r * ldc_ + j] -= lr * acc[r][j];
      else c[r * ldc_ + j] = acc[r][j];
    }
}

/* c (1,NB1) op= a (1,K: a[k·ak]) · bm (K,NB1): the one-row tile of online training */
static inline __attribute__((always_inline)) void tile1(double *restrict c, const double *restrict a, size_t ak,
    const double *restrict bm, size_t bk, int K, int mode, double lr) {
  double acc[NB1];
  for (int j = 0; j < NB1; j++) acc[j] = mode == ADD ? c[j] : 0.0;
  for (int k = 0; k < K; k++) {
    const double *restrict bp = bm + (size_t)k * bk;
    const double a0 = a[k * ak];
    for (int j = 0; j < NB1; j++) acc[j] += a0 * bp[j];
  }
  for (int j = 0; j < NB1; j++) {
    if (mode == SGD) c[j] -= lr * acc[j];
    else c[j] = acc[j];
  }
}

/* The left-over block: mr rows × nc columns, same operations in the same order. */
static void tile_edge(double *c, size_t ldc_, const double *a, size_t ar, size_t ak, const double *bm, size_t bk,
    int mr, int nc, int K, int mode, double lr) {
  for (int r = 0; r < mr; r++) {
    double acc[NB1];
    for (int j = 0; j < nc; j++) acc[j] = mode == ADD ? c[r * ldc_ + j] : 0.0;
    for (int k = 0; k < K; k++) {
      const double ark = a[r * ar + (size_t)k * ak];
      for (int j = 0; j < nc; j++) acc[j] += ark * bm[(size_t)k * bk + j];
    }
    for (int j = 0; j < nc; j++) {
      if (mode == SGD) c[r * ldc_ + j] -= lr * acc[j];
      else c[r * ldc_ + j] = acc[j];
    }
  }
}

/* One K block (kn ≤ KC) over all of c's columns, mode a compile-time constant after inlining. */
static inline __attribute__((always_inline)) void block(double *c, size_t ldc_, const double *a, size_t ar, size_t ak,
    const double *bm, size_t bk, int M, int N, int kn, int mode, double lr) {
  if (M < 4) {
    int j = 0;
    for (; j + NB1 <= N; j += NB1)
      for (int r = 0; r < M; r++) tile1(c + r * ldc_ + j, a + r * ar, ak, bm + j, bk, kn, mode, lr);
    if (j < N) tile_edge(c + j, ldc_, a, ar, ak, bm + j, bk, M, N - j, kn, mode, lr);
    return;
  }
  int j = 0;
  for (; j + NB <= N; j += NB) {
    int r = 0;
    for (; r + 4 <= M; r += 4) tile4(c + r * ldc_ + j, ldc_, a + r * ar, ar, ak, bm + j, bk, kn, mode, lr);
    if (r < M) tile_edge(c + r * ldc_ + j, ldc_, a + r * ar, ar, ak, bm + j, bk, M - r, NB, kn, mode, lr);
  }
  if (j < N)
    for (int r = 0; r < M; r += 4)
      tile_edge(c + r * ldc_ + j, ldc_, a + r * ar, ar, ak, bm + j, bk, M - r < 4 ? M - r : 4, N - j, kn, mode, lr);
}

/* c (M,N) op= a (M,K) · bm (K,N); an SGD product is never cut in K (its K is the batch, ≤ KC here). */
static void gemm(double *c, size_t ldc_, const double *a, size_t ar, size_t ak, const double *bm, size_t bk,
    int M, int N, int K, int mode, double lr) {
  if (mode == SGD) {
    for (int k0 = 0; k0 < K; k0 += KC) /* K > KC: successive steps of partial sums (not used by the workloads) */
      block(c, ldc_, a + k0 * ak, ar, ak, bm + k0 * bk, bk, M, N, K - k0 < KC ? K - k0 : KC, SGD, lr);
    return;
  }
  for (int k0 = 0; k0 < K; k0 += KC) {
    const int kn = K - k0 < KC ? K - k0 : KC;
    if (k0 == 0) block(c, ldc_, a, ar, ak, bm, bk, M, N, kn, SET, 0);
    else block(c, ldc_, a + k0 * ak, ar, ak, bm + (size_t)k0 * bk, bk, M, N, kn, ADD, 0);
  }
}

void dense_init(int L, const int *sizes, int cap) {
  nl = L;
  size_t scratch = 0;
  for (int l = 0; l <= L; l++) sz[l] = sizes[l];
  for (int l = 0; l < L; l++) {
    ldw[l] = padded(sz[l + 1]);
    ldc[l] = padded(sz[l]);
    wt[l] = aligned_alloc(64, ((sz[l] * ldw[l] * sizeof(double)) + 63) / 64 * 64);
    bias[l] = malloc(sz[l + 1] * sizeof(double));
    if (l > 0 && sz[l + 1] * ldc[l] > scratch) scratch = sz[l + 1] * ldc[l];
  }
  wc = aligned_alloc(64, ((scratch ? scratch : 1) * sizeof(double) + 63) / 64 * 64);
  size_t widest = 1;
  for (int l = 0; l < L; l++) widest = ldw[l] > widest ? ldw[l] : widest;
  dyp = aligned_alloc(64, ((size_t)cap * widest * sizeof(double) + 63) / 64 * 64);
}

void dense_load(const double *arena) {
  for (int l = 0; l < nl; l++) {
    const int IN = sz[l], OUT = sz[l + 1];
    for (int o = 0; o < OUT; o++)
      for (int i = 0; i < IN; i++) wt[l][i * ldw[l] + o] = arena[(size_t)o * IN + i];
    memcpy(bias[l], arena + (size_t)OUT * IN, OUT * sizeof(double));
    arena += (size_t)OUT * (IN + 1);
  }
}

void dense_fwd(int l, double *y, const double *x, int B) {
  const int IN = sz[l], OUT = sz[l + 1];
  const double *w = wt[l], *b = bias[l];
  if (IN * OUT < SMALL) {
    for (int r = 0; r < B; r++)
      for (int o = 0; o < OUT; o++) {
        double s = 0;
        for (int i = 0; i < IN; i++) s += x[r * IN + i] * w[i * ldw[l] + o];
        y[r * OUT + o] = s + b[o];
      }
    return;
  }
  /* y (B,OUT) = x (B,IN: rows of IN) · Wt (IN,OUT) */
  gemm(y, OUT, x, IN, 1, w, ldw[l], B, OUT, IN, SET, 0);
  for (int r = 0; r < B; r++)
    for (int o = 0; o < OUT; o++) y[r * OUT + o] += b[o];
}

void dense_bwd_data(int l, double *dx, const double *dy, int B) {
  const int IN = sz[l], OUT = sz[l + 1];
  const double *w = wt[l];
  if (IN * OUT < SMALL) {
    for (int r = 0; r < B; r++)
      for (int i = 0; i < IN; i++) {
        double s = 0;
        for (int o = 0; o < OUT; o++) s += dy[r * OUT + o] * w[i * ldw[l] + o];
        dx[r * IN + i] = s;
      }
    return;
  }
  /* W (OUT,IN) from Wt, in 8×8 blocks, then dx (B,IN) = dy (B,OUT) · W */
  for (int i0 = 0; i0 < IN; i0 += 8)
    for (int o0 = 0; o0 < OUT; o0 += 8)
      for (int i = i0; i < i0 + 8 && i < IN; i++)
        for (int o = o0; o < o0 + 8 && o < OUT; o++) wc[o * ldc[l] + i] = w[i * ldw[l] + o];
  gemm(dx, IN, dy, OUT, 1, wc, ldc[l], B, IN, OUT, SET, 0);
}

void dense_sgd(int l, const double *dy, const double *x, int B, double lr, int withBias) {
  const int IN = sz[l], OUT = sz[l + 1];
  double *w = wt[l];
  if (withBias)
    for (int o = 0; o < OUT; o++) {
      double s = 0;
      for (int r = 0; r < B; r++) s += dy[r * OUT + o];
      bias[l][o] -= lr * s;
    }
  if (B == 1) { /* online: a rank-1 update W −= (lr·δ) ⊗ x, one axpy along the outputs per input */
    double g[OUT]; /* on the stack: gcc then knows it aliases nothing */
    for (int o = 0; o < OUT; o++) g[o] = lr * dy[o];
    for (int i = 0; i < IN; i++) {
      const double xi = x[i];
      double *restrict wi = w + i * ldw[l];
      for (int o = 0; o < OUT; o++) wi[o] -= xi * g[o];
    }
    return;
  }
  if (IN * OUT < SMALL) {
    for (int i = 0; i < IN; i++)
      for (int o = 0; o < OUT; o++) {
        double s = 0;
        for (int r = 0; r < B; r++) s += x[r * IN + i] * dy[r * OUT + o];
        w[i * ldw[l] + o] -= lr * s;
      }
    return;
  }
  /* dy with the padded row stride (a strip of it stays in L1), then
   * Wt (IN,OUT) −= lr · xᵀ (IN,B: x[r·IN + i]) · dy (B,OUT) */
  const size_t ld = ldw[l];
  if (ld != (size_t)OUT)
    for (int r = 0; r < B; r++) memcpy(dyp + r * ld, dy + r * OUT, OUT * sizeof(double));
  gemm(w, ld, x, 1, IN, ld != (size_t)OUT ? dyp : dy, ld, IN, OUT, B, SGD, lr);
}

const char *dense_describe(void) { return NULL; }
