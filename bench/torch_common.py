"""What the PyTorch baselines of `npm run bench` share: torch in float64 on one thread (or one
JSON error line when torch is not importable), the problem's LSTMCell, and sample statistics."""
import json
import sys

try:
    import torch
except ImportError:
    print(json.dumps({"error": "torch is not importable"}))
    sys.exit(0)

torch.set_num_threads(1)
DT = torch.float64


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def pct(xs, p):
    s = sorted(xs)
    i = (len(s) - 1) * p
    lo, hi = int(i), min(int(i) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (i - lo)


def cell_of(p):
    """The problem's LSTMCell (float64) with its weights, its inputs and its initial state as tensors."""
    H, D = p["H"], p["D"]
    cell = torch.nn.LSTMCell(D, H, dtype=DT)
    with torch.no_grad():
        cell.weight_ih.copy_(torch.tensor(p["weight_ih"], dtype=DT).reshape(4 * H, D))
        cell.weight_hh.copy_(torch.tensor(p["weight_hh"], dtype=DT).reshape(4 * H, H))
        cell.bias_ih.copy_(torch.tensor(p["bias_ih"], dtype=DT))
        cell.bias_hh.copy_(torch.tensor(p["bias_hh"], dtype=DT))
    xs = [torch.tensor(x, dtype=DT).reshape(1, D) for x in p["xs"]]
    return cell, xs, torch.tensor(p["h0"], dtype=DT).reshape(1, H), torch.tensor(p["c0"], dtype=DT).reshape(1, H)
