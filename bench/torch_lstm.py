#!/usr/bin/env python3
"""Baseline for `npm run bench`: torch.nn.LSTMCell in float64 on one thread.

Reads a JSON list of problems (weight_ih, weight_hh, bias_ih, bias_hh in PyTorch's i f g o
order, h0, c0, xs) from the file named on the command line; for each, times one cell step
(median over batches of calls) and a whole unrolled sequence, and returns every h_t and c_t
so the benchmark can compare the engine's values. Prints one JSON object on stdout.
"""
import json
import sys
import time

from torch_common import cell_of, median, pct, torch


def run(p, budget):
    T = p["T"]
    cell, xs, h0, c0 = cell_of(p)
    out = {"h": [], "c": []}
    with torch.no_grad():
        h, c = h0, c0
        for x in xs:
            h, c = cell(x, (h, c))
            out["h"].append(h.reshape(-1).tolist())
            out["c"].append(c.reshape(-1).tolist())

        # One step, batched so a sample lasts >= 0.2 ms.
        x = xs[0]
        for _ in range(20):
            cell(x, (h0, c0))
        batch = 1
        while True:
            t0 = time.perf_counter()
            for _ in range(batch):
                cell(x, (h0, c0))
            if time.perf_counter() - t0 >= 2e-4 or batch >= 1 << 14:
                break
            batch *= 2
        steps = []
        start = time.perf_counter()
        while len(steps) < 15 or (time.perf_counter() - start < budget and len(steps) < 2000):
            t0 = time.perf_counter()
            for _ in range(batch):
                cell(x, (h0, c0))
            steps.append((time.perf_counter() - t0) / batch * 1e3)

        # The whole sequence (T steps), as a Python loop over the cell.
        seqs = []
        if T > 1:
            start = time.perf_counter()
            while len(seqs) < 10 or (time.perf_counter() - start < budget and len(seqs) < 200):
                t0 = time.perf_counter()
                h, c = h0, c0
                for x in xs:
                    h, c = cell(x, (h, c))
                seqs.append((time.perf_counter() - t0) * 1e3)
    res = {
        "name": p["name"], "values": out,
        "step": {"median": median(steps), "p10": pct(steps, 0.1), "p90": pct(steps, 0.9), "n": len(steps)},
    }
    if seqs:
        res["sequence"] = {"median": median(seqs), "p10": pct(seqs, 0.1), "p90": pct(seqs, 0.9), "n": len(seqs)}
    return res


def timed_for(seconds, fn, batch):
    """Medians of batches of `fn` for `seconds` of wall time (ms per call)."""
    out = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(out) < 5:
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        out.append((time.perf_counter() - t0) / batch * 1e3)
    return {"median": median(out), "p10": pct(out, 0.1), "p90": pct(out, 0.9), "n": len(out)}


def paired(problems, directory, seconds):
    """
    Side by side with the benchmark: set up, say "ready", wait for "go", then time each problem's
    step for `seconds`, in order, while the benchmark times its own side in the same windows on
    the same CPU. Samples are short (4 calls, ~0.1–0.3 ms) so that few of them straddle a switch
    between the two processes.
    """
    import os
    cells = [cell_of(p) for p in problems]
    with torch.no_grad():
        for cell, xs, h0, c0 in cells:
            for _ in range(200):
                cell(xs[0], (h0, c0))
    open(os.path.join(directory, "ready"), "w").close()
    go = os.path.join(directory, "go")
    deadline = time.time() + 120
    while not os.path.exists(go):
        if time.time() > deadline:
            return
        time.sleep(0.001)
    results = []
    with torch.no_grad():
        for p, (cell, xs, h0, c0) in zip(problems, cells):
            results.append({"name": p["name"], "step": timed_for(seconds, lambda: cell(xs[0], (h0, c0)), 4)})
    with open(os.path.join(directory, "results.json"), "w") as f:
        json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}, f)


def main():
    with open(sys.argv[1]) as f:
        problems = json.load(f)
    if len(sys.argv) > 2 and sys.argv[2] == "--paired":
        paired(problems, sys.argv[3], float(sys.argv[4]))
        return
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    results = [run(p, budget) for p in problems]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


main()
