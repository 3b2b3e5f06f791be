/*
 * The dense-layer products of the native C benchmark (bench/native/mlp.c), behind one interface
 * with two implementations: dense_blocked.c (plain C loops gcc vectorizes at -O3) and
 * dense_cblas.c (cblas_dgemm / dgemv / dger from the system's OpenBLAS). mlp.c links exactly one.
 * Each implementation keeps the weights in the layout it likes; the arena layout (per layer
 * W (OUT,IN) row-major, then b) is only the format of dense_load.
 * The element type `real` is double, or float when built with -DMLP_F32 (the float32 column:
 * mlp.c with dense_cblas.c on cblas_sgemm / sgemv / sger; dense_blocked.c is f64 only).
 * Not here: activations, the loss, the driver (mlp.c).
 */
#ifndef WASMPROP_BENCH_DENSE_H
#define WASMPROP_BENCH_DENSE_H
#include <stddef.h>

#ifdef MLP_F32
typedef float real;
#else
typedef double real;
#endif

/* Allocates the weights of L layers, sizes[0..L] units, batches of at most `cap` rows. */
void dense_init(int L, const int *sizes, int cap);
/* Sets every layer's W and b from an arena (per layer W (OUT,IN) row-major, then b). */
void dense_load(const real *arena);
/* x (B,IN) -> y (B,OUT) = x · Wᵀ + b, layer l (pre-activation). */
void dense_fwd(int l, real *y, const real *x, int B);
/* dy (B,OUT) -> dx (B,IN) = dy · W, layer l, through the weights before this batch's step. */
void dense_bwd_data(int l, real *dx, const real *dy, int B);
/* SGD step of layer l: W −= lr · dyᵀ·x; b −= lr · Σ_rows dy when withBias (dy already scaled by 1/B). */
void dense_sgd(int l, const real *dy, const real *x, int B, real lr, int withBias);
/* One line of JSON describing the implementation (library, core type), or NULL. */
const char *dense_describe(void);

#endif
