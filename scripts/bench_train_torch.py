#!/usr/bin/python3
"""PyTorch speed anchor for Dojo's behaviour-cloning trainer.

Trains the reference policy network -- a 96->128->128->16 ReLU MLP, float32,
Adam (lr 1e-3), cross-entropy, mini-batches of --batch drawn from a fresh
shuffle every epoch -- on synthetic data shaped like demonstrations (N
observations of 96 features (ObsSpec 2), 16 action ids), and times it. Then it times
one-sample inference (torch.no_grad, eval mode) with the same model.

It prints one JSON line:

  {"framework": "pytorch", "samples_per_sec": ..., "threads": ..., "torch": ...,
   "batch": 256, "epochs": ..., "samples": 65536, "final_loss": ...,
   "infer_latency_us": ..., "infer_latency_us_p99": ..., ...}

samples_per_sec counts training samples (forward + backward + Adam step,
including the per-batch gather of the shuffled rows) over the timed epochs,
after a short untimed warm-up. infer_latency_us is the median wall time of
one forward pass of a single observation; p99 is its 99th percentile.

Run it with Debian's Python, which scripts/install-torch.sh gives torch:

  scripts/install-torch.sh
  /usr/bin/python3 scripts/bench_train_torch.py --threads 1 --epochs 3

(not the pyenv python3 that may come first on PATH).
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

IN, HIDDEN, OUT = 96, 128, 16


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=1, help="torch intra-op (OpenMP) threads; OpenBLAS stays single-threaded; default 1")
    p.add_argument("--epochs", type=int, default=3, help="timed epochs over the data; default 3")
    p.add_argument("--batch", type=int, default=256, help="mini-batch size; default 256")
    p.add_argument("--samples", type=int, default=65536, help="synthetic samples; default 65536")
    p.add_argument("--seed", type=int, default=1, help="seed of data, weights and shuffles; default 1")
    p.add_argument("--warmup", type=int, default=20, help="untimed training steps first; default 20")
    p.add_argument("--infer-iters", type=int, default=5000, help="timed one-sample forward passes; default 5000")
    a = p.parse_args()
    for name in ("threads", "epochs", "batch", "samples"):
        if getattr(a, name) < 1:
            p.error(f"--{name} must be at least 1")
    if a.batch > a.samples:
        p.error("--batch must not exceed --samples")
    return a


def main():
    args = parse_args()
    # Thread pools read these when the libraries load: set them first.
    # --threads is torch's intra-op (OpenMP) pool. Debian's torch calls the
    # system BLAS (OpenBLAS) from inside it; letting OpenBLAS start its own
    # threads as well puts 2*threads busy threads on the cores, which on a
    # 2-core machine made training 3-15x slower (measured), so BLAS runs
    # on the calling thread.
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    os.environ["MKL_NUM_THREADS"] = str(args.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import torch
        from torch import nn
    except ImportError:
        sys.exit(f"bench_train_torch: {sys.executable} cannot import torch: "
                 "run scripts/install-torch.sh, then this script with /usr/bin/python3")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    # Learnable synthetic data: labels are the argmax of a fixed random
    # linear map, so the loss must fall (a check that training happens).
    x = torch.randn(args.samples, IN)
    y = (x @ torch.randn(IN, OUT)).argmax(dim=1)

    model = nn.Sequential(nn.Linear(IN, HIDDEN), nn.ReLU(),
                          nn.Linear(HIDDEN, HIDDEN), nn.ReLU(),
                          nn.Linear(HIDDEN, OUT))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(args.seed)

    def step(idx):
        xb, yb = x[idx], y[idx]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    model.train()
    perm = torch.randperm(args.samples, generator=gen)
    for i in range(args.warmup):
        j = (i * args.batch) % (args.samples - args.batch + 1)
        step(perm[j:j + args.batch])

    steps_per_epoch = args.samples // args.batch  # the ragged last batch is dropped
    t0 = time.perf_counter()
    losses = []
    for _ in range(args.epochs):
        perm = torch.randperm(args.samples, generator=gen)
        total = 0.0
        for b in range(steps_per_epoch):
            total += step(perm[b * args.batch:(b + 1) * args.batch]).item()
        losses.append(total / steps_per_epoch)
    train_s = time.perf_counter() - t0
    trained = args.epochs * steps_per_epoch * args.batch

    model.eval()
    one = torch.randn(1, IN)
    times = []
    with torch.no_grad():
        for _ in range(200):
            model(one)
        for _ in range(args.infer_iters):
            t = time.perf_counter_ns()
            model(one).argmax()
            times.append(time.perf_counter_ns() - t)
    times.sort()

    print(json.dumps({
        "framework": "pytorch",
        "samples_per_sec": round(trained / train_s, 1),
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "batch": args.batch,
        "epochs": args.epochs,
        "samples": args.samples,
        "train_seconds": round(train_s, 3),
        "epoch_loss": [round(l, 4) for l in losses],
        "final_loss": round(losses[-1], 4),
        "infer_latency_us": round(statistics.median(times) / 1000, 2),
        "infer_latency_us_p99": round(times[int(0.99 * (len(times) - 1))] / 1000, 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }))


if __name__ == "__main__":
    main()
