#!/usr/bin/env python3
"""Baseline for `npm run bench` section "grad": torch.nn.LSTMCell in float64 on one thread,
the loss L = sum(h_T) over an unrolled sequence and its backward (autograd), timed together
(forward + backward, as the engine's grad(L, …) includes its forward solve) and the backward
alone. Reads one problem (PyTorch-packed weights, h0, c0, xs) from the JSON file named on the
command line; prints one JSON object: the timings in ms and the gradients, to compare values.
"""
import json
import sys
import time

from torch_common import cell_of, median, torch


def main():
    p = json.load(open(sys.argv[1]))
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    cell, xs, h0_given, c0 = cell_of(p)

    def once():
        cell.zero_grad()
        h0 = h0_given.clone().requires_grad_()
        h, c = h0, c0
        for x in xs:
            h, c = cell(x, (h, c))
        loss = h.sum()
        t0 = time.perf_counter()
        loss.backward()
        return time.perf_counter() - t0, h0

    for _ in range(3):
        once()
    total, back = [], []
    start = time.perf_counter()
    while len(total) < 5 or (time.perf_counter() - start < budget and len(total) < 500):
        t0 = time.perf_counter()
        b, h0 = once()
        total.append((time.perf_counter() - t0) * 1e3)
        back.append(b * 1e3)
    grads = {n: getattr(cell, n).grad.reshape(-1).tolist() for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    grads["h_0"] = h0.grad.reshape(-1).tolist()
    print(json.dumps({"torch": torch.__version__, "total": median(total), "backward": median(back), "n": len(total), "grads": grads}))


main()
