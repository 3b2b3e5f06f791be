/*
 * Native C build of wasmprop's training algorithm, for the end-to-end benchmark: bench/run.ts
 * compiles this driver with one implementation of the dense products (dense.h) — dense_blocked.c
 * with `cc -O3` (x86-64 baseline, SSE2) and `cc -O3 -march=native`, and dense_cblas.c against
 * OpenBLAS — into a temporary directory; and once more with -DMLP_F32 and dense_cblas.c (sgemm): the
 * same algorithm in float32 (`real` = float: activations, deltas, weights, expf; the data files'
 * float64 values rounded once when read; losses summed in double), verified like wasmprop's f32
 * columns (within 1e-3 relative of the reference, no W1 full-run check).
 * The algorithm of the JS systems: forward (sigmoid layers), backward of the batch-mean ½·Σ(t−o)²,
 * one plain SGD step per batch, rows in order. Each layer's step is taken right after its delta has
 * gone down through the old weights, so no gradient block is zeroed, stored or stepped over.
 * No -ffast-math: sums are not reassociated behind the code's back.
 * Like bench/child.ts it verifies before it times, and prints `RESULT {json}`, `RSS {json}` and
 * (when the implementation describes itself) `IMPL {json}`.
 * Not here: the products (dense_blocked.c, dense_cblas.c), the report (bench/run.ts).
 *
 * usage: mlp SYSTEM WORKLOAD LAYERS(a,b,c) BATCH LR TRAINBIAS X T INIT
 *            VERIFY_EPOCHS VERIFY_ROWS FULL_EPOCHS FULL_ROWS REFERENCE FULL_LOSS(0 = none) BUDGET_SECONDS
 * A negative budget times the whole workload even when it exceeds the budget (as ChildConfig.whole).
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include "dense.h"

#define MAXL 8

static int L, sizes[MAXL + 1], cap;
#ifdef MLP_F32
#define SIGMOID(v) (1.0f / (1.0f + expf(-(v))))
#define CHECK "f32"
#define TOLERANCE 1e-3
#else
#define SIGMOID(v) (1.0 / (1.0 + exp(-(v))))
#define CHECK "exact"
#define TOLERANCE 1e-9
#endif

static real *act[MAXL], *delta[MAXL];
static size_t nparams;
static real lr;
static int batch, withBias;

static void forward(const real *x, int B) {
  const real *a = x;
  for (int l = 0; l < L; l++) {
    const int n = B * sizes[l + 1];
    real *y = act[l];
    dense_fwd(l, y, a, B);
    for (int k = 0; k < n; k++) y[k] = SIGMOID(y[k]);
    a = y;
  }
}

/* Backprop of ½·Σ(t−o)² averaged over the batch (scale = 1/B), each layer's step taken once its
 * delta has gone down through the weights before the step. */
static void backward(const real *x, const real *t, int B, real scale) {
  const int top = L - 1, n = B * sizes[L];
  for (int k = 0; k < n; k++) {
    const real o = act[top][k], e = t[k] - o;
    delta[top][k] = scale * (-e) * (o * (1 - o));
  }
  for (int l = top; l >= 0; l--) {
    const real *a = l == 0 ? x : act[l - 1];
    if (l > 0) {
      real *below = delta[l - 1];
      const int m = B * sizes[l];
      dense_bwd_data(l, below, delta[l], B);
      for (int k = 0; k < m; k++) below[k] *= a[k] * (1 - a[k]);
    }
    dense_sgd(l, delta[l], a, B, lr, withBias);
  }
}

static void train(const real *X, const real *T, int epochs, int rows) {
  const int IN = sizes[0], OUT = sizes[L];
  for (int e = 0; e < epochs; e++)
    for (int r = 0; r < rows; r += batch) {
      const int B = rows - r < batch ? rows - r : batch;
      forward(X + (size_t)r * IN, B);
      backward(X + (size_t)r * IN, T + (size_t)r * OUT, B, (real)(1.0 / B));
    }
}

static double loss(const real *X, const real *T, int rows) {
  const int IN = sizes[0], OUT = sizes[L];
  double sse = 0;
  for (int r = 0; r < rows; r += cap) {
    const int B = rows - r < cap ? rows - r : cap;
    forward(X + (size_t)r * IN, B);
    for (int k = 0; k < B * OUT; k++) {
      const double e = (double)(T[(size_t)r * OUT + k] - act[L - 1][k]);
      sse += 0.5 * e * e;
    }
  }
  return sse / rows;
}

/* A raw float64 file, as `real` values (rounded once to float in the f32 build). */
static real *readf64(const char *path, size_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "mlp: cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  const long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  double *p = malloc((size_t)bytes);
  if (fread(p, 1, (size_t)bytes, f) != (size_t)bytes) { fprintf(stderr, "mlp: short read %s\n", path); exit(2); }
  fclose(f);
  *count = (size_t)bytes / sizeof(double);
  real *out = malloc(*count * sizeof(real));
  for (size_t k = 0; k < *count; k++) out[k] = (real)p[k];
  free(p);
  return out;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmpd(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The arguments after the data files. */
struct job {
  const char *system, *workload;
  int vEpochs, vRows, fEpochs, fRows, whole;
  double reference, fullLoss, budget;
};

/* Verifies (loss after the verification run vs the reference, W1's full-run loss); writes the
 * verify JSON into `verify` and returns NULL, or the reason it failed. */
static const char *check(const struct job *j, const real *X, const real *T, const real *init,
                         char *verify, size_t vsize, double *verifySeconds) {
  static char why[256];
  const char *fail = NULL;
  double full = -1;
  dense_load(init);
  const double before = loss(X, T, j->vRows);
  const double t0 = now();
  train(X, T, j->vEpochs, j->vRows);
  *verifySeconds = now() - t0;
  const double after = loss(X, T, j->vRows);
  if (!(after < before)) fail = "the loss did not fall";
  else if (!(fabs(after - j->reference) <= TOLERANCE * fabs(j->reference))) {
    snprintf(why, sizeof why, "loss %.17g differs from the reference %.17g (> %g relative)", after, j->reference, TOLERANCE);
    fail = why;
  } else if (j->fullLoss > 0 && !strcmp(CHECK, "exact")) {
    dense_load(init);
    train(X, T, j->fEpochs, j->fRows);
    full = loss(X, T, j->fRows);
    if (!(fabs(full - j->fullLoss) <= 1e-7 * j->fullLoss)) {
      snprintf(why, sizeof why, "full-run loss %.17g is not %.8g", full, j->fullLoss);
      fail = why;
    }
  }
  int n = snprintf(verify, vsize, "{\"run\":{\"epochs\":%d,\"rows\":%d},\"before\":%.17g,\"after\":%.17g,\"reference\":%.17g,\"check\":\"" CHECK "\"",
                   j->vEpochs, j->vRows, before, after, j->reference);
  if (full >= 0) n += snprintf(verify + n, vsize - n, ",\"fullLoss\":%.17g", full);
  snprintf(verify + n, vsize - n, "}");
  return fail;
}

/* Times the workload (or a prefix that fits a third of the budget) with the policy of bench/child.ts
 * and prints its RESULT line. */
static void timeAndReport(const struct job *j, const real *X, const real *T, const real *init,
                          const char *verify, double verifySeconds) {
  const double rate = (double)j->vEpochs * j->vRows / (verifySeconds > 1e-6 ? verifySeconds : 1e-6);
  int tE = j->fEpochs, tR = j->fRows;
  if (!j->whole && (double)j->fEpochs * j->fRows / rate > j->budget / 3) {
    long want = (long)(rate * j->budget / 3);
    if (want < 1) want = 1;
    if (j->fEpochs > 1) { tE = (int)(want / j->fRows); if (tE < 1) tE = 1; }
    else { tR = (int)(want / batch) * batch; if (tR < batch) tR = batch; if (tR > j->fRows) tR = j->fRows; }
  }
  const double runSamples = (double)tE * tR;
  if (runSamples / rate < j->budget / 20) { dense_load(init); train(X, T, tE, tR); }
  double times[200], sorted[200], spent = 0;
  int n = 0;
  while ((n < 3 || spent < j->budget) && n < 200) {
    dense_load(init);
    const double t0 = now();
    train(X, T, tE, tR);
    times[n] = now() - t0;
    spent += times[n++];
    if (spent > 3 * j->budget) break;
  }
  memcpy(sorted, times, n * sizeof(double));
  qsort(sorted, n, sizeof(double), cmpd);
  const double med = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  printf("RESULT {\"system\":\"%s\",\"workload\":\"%s\",\"status\":\"ok\",\"verify\":%s,\"timed\":{\"epochs\":%d,\"rows\":%d},\"times\":[",
         j->system, j->workload, verify, tE, tR);
  for (int k = 0; k < n; k++) printf("%s%.9g", k ? "," : "", times[k]);
  printf("],\"perSecond\":%.9g}\n", runSamples / med);
}

int main(int argc, char **argv) {
  if (argc != 17) { fprintf(stderr, "mlp: expected 16 arguments, got %d\n", argc - 1); return 2; }
  struct job j = { argv[1], argv[2], atoi(argv[10]), atoi(argv[11]), atoi(argv[12]), atoi(argv[13]),
                   atof(argv[16]) < 0, atof(argv[14]), atof(argv[15]), fabs(atof(argv[16])) };
  L = 0;
  for (char *s = strtok(argv[3], ","); s && L <= MAXL; s = strtok(NULL, ",")) sizes[L++] = atoi(s);
  L -= 1;
  batch = atoi(argv[4]);
  lr = (real)atof(argv[5]);
  withBias = atoi(argv[6]);
  size_t nx, nt, ni;
  real *X = readf64(argv[7], &nx), *T = readf64(argv[8], &nt), *init = readf64(argv[9], &ni);
  nparams = 0;
  for (int l = 0; l < L; l++) nparams += (size_t)sizes[l + 1] * (sizes[l] + 1);
  if (ni != nparams) { fprintf(stderr, "mlp: init has %zu values, expected %zu\n", ni, nparams); return 2; }
  cap = batch > 256 ? batch : 256;
  for (int l = 0; l < L; l++) {
    act[l] = malloc((size_t)cap * sizes[l + 1] * sizeof(real));
    delta[l] = malloc((size_t)cap * sizes[l + 1] * sizeof(real));
  }
  dense_init(L, sizes, cap);
  const char *impl = dense_describe();
  if (impl) printf("IMPL %s\n", impl);

  char verify[512];
  double verifySeconds;
  const char *fail = check(&j, X, T, init, verify, sizeof verify, &verifySeconds);
  if (fail) printf("RESULT {\"system\":\"%s\",\"workload\":\"%s\",\"status\":\"failed\",\"note\":\"%s\",\"verify\":%s}\n", j.system, j.workload, fail, verify);
  else timeAndReport(&j, X, T, init, verify, verifySeconds);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("RSS {\"maxRssKb\":%ld}\n", ru.ru_maxrss);
  return 0;
}
