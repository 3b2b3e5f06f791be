/*
 * Native C build of wasmprop's training algorithm, for the end-to-end benchmark (bench/run.ts
 * compiles it with `cc -O3` and `cc -O3 -march=native` into a temporary directory).
 * Same arena layout (per layer W (OUT,IN) row-major, then b), same kernels in the same loop order
 * as assembly/kernels.ts, same driver steps as assembly/driver.ts: zero the gradients, forward,
 * backward (batch-mean ½·Σ(t−o)², sigmoid layers), one SGD step over all parameters.
 * Plain loops, no intrinsics, no -ffast-math: what the compiler makes of the reference code.
 * Like bench/child.ts it verifies before it times, and prints `RESULT {json}` and `RSS {json}`.
 * Not here: anything the JS systems do not do (no threads, no BLAS).
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

#define MAXL 8

static int L, sizes[MAXL + 1], cap;
static double *params, *grads, *act[MAXL], *delta[MAXL];
static size_t nparams, woff[MAXL], boff[MAXL];
static double lr;
static int batch, withBias;

/* y (B,OUT) = x (B,IN) · wᵀ + b */
static void dense_fwd(double *y, const double *x, const double *w, const double *b, int B, int IN, int OUT) {
  for (int r = 0; r < B; r++)
    for (int o = 0; o < OUT; o++) {
      double s = 0;
      for (int i = 0; i < IN; i++) s += w[(size_t)o * IN + i] * x[(size_t)r * IN + i];
      y[(size_t)r * OUT + o] = s + b[o];
    }
}

/* dx (B,IN) = dy (B,OUT) · w (OUT,IN) */
static void dense_bwd_data(double *dx, const double *dy, const double *w, int B, int IN, int OUT) {
  for (int r = 0; r < B; r++) {
    double *dxr = dx + (size_t)r * IN;
    for (int i = 0; i < IN; i++) dxr[i] = 0;
    for (int o = 0; o < OUT; o++) {
      const double d = dy[(size_t)r * OUT + o];
      const double *wo = w + (size_t)o * IN;
      for (int i = 0; i < IN; i++) dxr[i] += d * wo[i];
    }
  }
}

/* dw (OUT,IN) += dyᵀ · x;  db (OUT) += Σ_rows dy (db NULL: skipped) */
static void dense_bwd_weight(double *dw, double *db, const double *dy, const double *x, int B, int IN, int OUT) {
  for (int r = 0; r < B; r++) {
    const double *xr = x + (size_t)r * IN;
    for (int o = 0; o < OUT; o++) {
      const double d = dy[(size_t)r * OUT + o];
      if (db) db[o] += d;
      double *dwo = dw + (size_t)o * IN;
      for (int i = 0; i < IN; i++) dwo[i] += d * xr[i];
    }
  }
}

static void forward(const double *x, int B) {
  const double *a = x;
  for (int l = 0; l < L; l++) {
    const int OUT = sizes[l + 1], n = B * OUT;
    dense_fwd(act[l], a, params + woff[l], params + boff[l], B, sizes[l], OUT);
    for (int k = 0; k < n; k++) act[l][k] = 1.0 / (1.0 + exp(-act[l][k]));
    a = act[l];
  }
}

static double backward(const double *x, const double *t, int B, double scale) {
  const int top = L - 1, n = B * sizes[L];
  double sse = 0;
  for (int k = 0; k < n; k++) {
    const double o = act[top][k], e = t[k] - o;
    sse += 0.5 * e * e;
    delta[top][k] = scale * (-e) * (o * (1.0 - o));
  }
  for (int l = top; l >= 0; l--) {
    const int IN = sizes[l], OUT = sizes[l + 1];
    const double *a = l == 0 ? x : act[l - 1];
    dense_bwd_weight(grads + woff[l], withBias ? grads + boff[l] : NULL, delta[l], a, B, IN, OUT);
    if (l > 0) {
      double *below = delta[l - 1];
      dense_bwd_data(below, delta[l], params + woff[l], B, IN, OUT);
      for (int k = 0; k < B * IN; k++) below[k] *= a[k] * (1.0 - a[k]);
    }
  }
  return sse;
}

static void train(const double *X, const double *T, int epochs, int rows) {
  const int IN = sizes[0], OUT = sizes[L];
  for (int e = 0; e < epochs; e++)
    for (int r = 0; r < rows; r += batch) {
      const int B = rows - r < batch ? rows - r : batch;
      memset(grads, 0, nparams * sizeof(double));
      forward(X + (size_t)r * IN, B);
      backward(X + (size_t)r * IN, T + (size_t)r * OUT, B, 1.0 / B);
      for (size_t k = 0; k < nparams; k++) params[k] -= lr * grads[k];
    }
}

static double loss(const double *X, const double *T, int rows) {
  const int IN = sizes[0], OUT = sizes[L];
  double sse = 0;
  for (int r = 0; r < rows; r += cap) {
    const int B = rows - r < cap ? rows - r : cap;
    forward(X + (size_t)r * IN, B);
    for (int k = 0; k < B * OUT; k++) {
      const double e = T[(size_t)r * OUT + k] - act[L - 1][k];
      sse += 0.5 * e * e;
    }
  }
  return sse / rows;
}

static double *readf64(const char *path, size_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "mlp: cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  const long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  double *p = malloc((size_t)bytes);
  if (fread(p, 1, (size_t)bytes, f) != (size_t)bytes) { fprintf(stderr, "mlp: short read %s\n", path); exit(2); }
  fclose(f);
  *count = (size_t)bytes / sizeof(double);
  return p;
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

int main(int argc, char **argv) {
  if (argc != 17) { fprintf(stderr, "mlp: expected 16 arguments, got %d\n", argc - 1); return 2; }
  const char *system = argv[1], *workload = argv[2];
  L = 0;
  for (char *s = strtok(argv[3], ","); s && L <= MAXL; s = strtok(NULL, ",")) sizes[L++] = atoi(s);
  L -= 1;
  batch = atoi(argv[4]);
  lr = atof(argv[5]);
  withBias = atoi(argv[6]);
  size_t nx, nt, ni;
  double *X = readf64(argv[7], &nx), *T = readf64(argv[8], &nt), *init = readf64(argv[9], &ni);
  const int vEpochs = atoi(argv[10]), vRows = atoi(argv[11]), fEpochs = atoi(argv[12]), fRows = atoi(argv[13]);
  const double reference = atof(argv[14]), fullLoss = atof(argv[15]);
  const int whole = atof(argv[16]) < 0;
  const double budget = fabs(atof(argv[16]));

  nparams = 0;
  for (int l = 0; l < L; l++) {
    woff[l] = nparams;
    boff[l] = nparams + (size_t)sizes[l] * sizes[l + 1];
    nparams = boff[l] + sizes[l + 1];
  }
  if (ni != nparams) { fprintf(stderr, "mlp: init has %zu values, expected %zu\n", ni, nparams); return 2; }
  cap = batch > 256 ? batch : 256;
  params = malloc(nparams * sizeof(double));
  grads = malloc(nparams * sizeof(double));
  for (int l = 0; l < L; l++) {
    act[l] = malloc((size_t)cap * sizes[l + 1] * sizeof(double));
    delta[l] = malloc((size_t)cap * sizes[l + 1] * sizeof(double));
  }

  /* 1. verify */
  memcpy(params, init, nparams * sizeof(double));
  const double before = loss(X, T, vRows);
  double t0 = now();
  train(X, T, vEpochs, vRows);
  const double verifySeconds = now() - t0;
  const double after = loss(X, T, vRows);
  char verify[512];
  double full = -1;
  const char *fail = NULL;
  char why[256];
  if (!(after < before)) fail = "the loss did not fall";
  else if (!(fabs(after - reference) <= 1e-9 * fabs(reference))) {
    snprintf(why, sizeof why, "loss %.17g differs from the reference %.17g (> 1e-9 relative)", after, reference);
    fail = why;
  } else if (fullLoss > 0) {
    memcpy(params, init, nparams * sizeof(double));
    train(X, T, fEpochs, fRows);
    full = loss(X, T, fRows);
    if (!(fabs(full - fullLoss) <= 1e-7 * fullLoss)) {
      snprintf(why, sizeof why, "full-run loss %.17g is not %.8g", full, fullLoss);
      fail = why;
    }
  }
  snprintf(verify, sizeof verify,
           "{\"run\":{\"epochs\":%d,\"rows\":%d},\"before\":%.17g,\"after\":%.17g,\"reference\":%.17g,\"check\":\"exact\"%s",
           vEpochs, vRows, before, after, reference, fullLoss > 0 ? "" : "}");
  if (fullLoss > 0) {
    char tail[64];
    snprintf(tail, sizeof tail, ",\"fullLoss\":%.17g}", full);
    strncat(verify, tail, sizeof verify - strlen(verify) - 1);
  }
  if (fail) {
    printf("RESULT {\"system\":\"%s\",\"workload\":\"%s\",\"status\":\"failed\",\"note\":\"%s\",\"verify\":%s}\n", system, workload, fail, verify);
  } else {
    /* 2. time, with the policy of bench/child.ts */
    const double rate = (double)vEpochs * vRows / (verifySeconds > 1e-6 ? verifySeconds : 1e-6);
    int tE = fEpochs, tR = fRows;
    if (!whole && (double)fEpochs * fRows / rate > budget / 3) {
      long want = (long)(rate * budget / 3);
      if (want < 1) want = 1;
      if (fEpochs > 1) { tE = (int)(want / fRows); if (tE < 1) tE = 1; }
      else { tR = (int)(want / batch) * batch; if (tR < batch) tR = batch; if (tR > fRows) tR = fRows; }
    }
    const double runSamples = (double)tE * tR;
    if (runSamples / rate < budget / 20) { memcpy(params, init, nparams * sizeof(double)); train(X, T, tE, tR); }
    double times[200], spent = 0;
    int n = 0;
    while ((n < 3 || spent < budget) && n < 200) {
      memcpy(params, init, nparams * sizeof(double));
      t0 = now();
      train(X, T, tE, tR);
      times[n] = now() - t0;
      spent += times[n++];
      if (spent > 3 * budget) break;
    }
    double sorted[200];
    memcpy(sorted, times, n * sizeof(double));
    qsort(sorted, n, sizeof(double), cmpd);
    const double med = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    printf("RESULT {\"system\":\"%s\",\"workload\":\"%s\",\"status\":\"ok\",\"verify\":%s,\"timed\":{\"epochs\":%d,\"rows\":%d},\"times\":[",
           system, workload, verify, tE, tR);
    for (int k = 0; k < n; k++) printf("%s%.9g", k ? "," : "", times[k]);
    printf("],\"perSecond\":%.9g}\n", runSamples / med);
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("RSS {\"maxRssKb\":%ld}\n", ru.ru_maxrss);
  return 0;
}
