#!/usr/bin/env python3
"""Independent float64 reference fixtures for the cell engine.

Every case is a Markdown ```lstm / ```gru / ```rnn block (SPEC §2-§4) whose weights are
drawn from a seeded generator and rounded to 3 decimals, so the text of the block holds
them exactly, and the values PyTorch computes from the same numbers (torch.float64,
nn.LSTMCell / nn.GRUCell / nn.RNNCell / nn.Embedding / softmax; plain tensor ops only
where no cell class implements the convention: GRU reset=before, z=write, sigmoid RNN).

Written to test/fixtures/reference/cases.json, which is committed; this script is re-run by
hand only (`npm run fixtures`, with Debian's python3 and python3-torch), never at test time.

A few cases are recomputed at the end with plain-Python math from the matrices exactly as
written in the block (no torch), so a wrong weight mapping into torch cannot go unnoticed.
"""
import json
import math
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures'))
from common import DT, ROOT, reference_path, torch  # noqa: E402  (the fixtures' shared setup)
from torch import nn  # noqa: E402

OUT = reference_path('cases.json')

rng = random.Random(20240611)


# ---------------------------------------------------------------------------------------
# random givens (python lists of exact 3-decimal floats)

def u(lo=-1.0, hi=1.0):
    v = round(rng.uniform(lo, hi), 3)
    return 0.0 if v == 0 else v


def rmat(r, c, lo=-1.0, hi=1.0):
    return [[u(lo, hi) for _ in range(c)] for _ in range(r)]


def rvec(n, lo=-1.0, hi=1.0):
    return [u(lo, hi) for _ in range(n)]


def T(a):
    return torch.tensor(a, dtype=DT)


def L(t):
    """tensor -> python lists (exact)."""
    return t.tolist()


def hstack(*ms):
    return [sum((m[i] for m in ms), []) for i in range(len(ms[0]))]


def vstack(*ms):
    return [row for m in ms for row in m]


def transpose(m):
    return [list(col) for col in zip(*m)]


# ---------------------------------------------------------------------------------------
# block text

def num(v):
    if isinstance(v, int):
        return str(v)
    if v == 0:
        return '0'
    s = repr(float(v))
    if s.endswith('.0'):
        s = s[:-2]
    return s


def literal(value, vector, layout, style):
    """A matrix literal in one of the SPEC §3 styles. `value` is a list (vector) or list of
    lists (matrix); vectors are written in the layout's orientation unless the style is
    'flat' (a 1-D list, which SPEC §5 says is the same vector)."""
    if vector:
        if style == 'flat':
            return '[' + ', '.join(num(v) for v in value) + ']'
        m = [[v] for v in value] if layout == 'column' else [list(value)]
    else:
        m = value
    if style in ('mathjs', 'flat'):
        return '[' + '; '.join(', '.join(num(v) for v in row) for row in m) + ']'
    if style == 'space':
        return '[' + '; '.join(' '.join(num(v) for v in row) for row in m) + ']'
    if style == 'nested':
        return '[' + ', '.join('[' + ', '.join(num(v) for v in row) + ']' for row in m) + ']'
    if style == 'latex':
        return ('\\begin{bmatrix} ' + ' \\\\ '.join(' & '.join(num(v) for v in row) for row in m)
                + ' \\end{bmatrix}')
    if style == 'numpy':
        # numpy's print-out: no commas, aligned columns, one row per line
        cells = [[num(v) for v in row] for row in m]
        w = max(len(c) for row in cells for c in row)
        rows = [' '.join(c.rjust(w) for c in row) for row in cells]
        return '[' + '\n '.join('[' + r + ']' for r in rows) + ']'
    raise ValueError(style)


def block(kind, opts, givens, layout, style='mathjs'):
    """givens: list of (name, value, is_vector[, style])."""
    lines = []
    for g in givens:
        name, value, vector = g[0], g[1], g[2]
        st = g[3] if len(g) > 3 else style
        lines.append(f'{name} = {literal(value, vector, layout, st)}')
    fence = kind + (' ' + opts if opts else '')
    return '```' + fence + '\n' + '\n'.join(lines) + '\n```\n'


def orient(t, layout):
    """Expected value in the block's orientation: vectors n×1 (column) or 1×n (row)."""
    t = t.detach()
    if t.dim() == 1:
        t = t.reshape(-1, 1) if layout == 'column' else t.reshape(1, -1)
    return L(t)


CASES = []
HAND = {}   # case id -> (givens dict, expected dict) for the plain-Python cross-checks


def add(cid, about, kind, opts, givens, layout, expected, style='mathjs'):
    assert all(c['id'] != cid for c in CASES), cid
    for k, v in expected.items():
        assert torch.isfinite(v).all(), (cid, k)
    CASES.append({
        'id': cid,
        'about': about,
        'kind': kind,
        'layout': layout,
        'markdown': block(kind, opts, givens, layout, style),
        'expected': {k: orient(v, layout) for k, v in expected.items()},
    })
    HAND[cid] = ({g[0]: g[1] for g in givens}, expected)


def close(a, b, rtol=1e-14):
    return torch.allclose(a, b, rtol=rtol, atol=1e-15)


# ---------------------------------------------------------------------------------------
# LSTM

LSTM_GATES = ('f', 'i', 'o', 'c')   # weight suffixes; the candidate's weights are W_c, its value g


def lstm_params(H, D, bias=True, second_bias=False):
    p = {'Wx': {}, 'Wh': {}, 'bx': {}, 'bh': {}}
    for k in LSTM_GATES:
        p['Wx'][k] = rmat(H, D)
        p['Wh'][k] = rmat(H, H)
        p['bx'][k] = rvec(H) if bias else [0.0] * H
        p['bh'][k] = rvec(H) if second_bias else [0.0] * H
    return p


def lstm_torch(p, x, h, c):
    """One LSTMCell step; the gates from the cell's own packed weights (rows i,f,g,o)."""
    H, D = len(p['Wx']['f']), len(p['Wx']['f'][0])
    cell = nn.LSTMCell(D, H).double()
    order = ('i', 'f', 'c', 'o')
    with torch.no_grad():
        cell.weight_ih.copy_(T(vstack(*(p['Wx'][k] for k in order))))
        cell.weight_hh.copy_(T(vstack(*(p['Wh'][k] for k in order))))
        cell.bias_ih.copy_(T(sum((p['bx'][k] for k in order), [])))
        cell.bias_hh.copy_(T(sum((p['bh'][k] for k in order), [])))
        x, h, c = T(x), T(h), T(c)
        h1, c1 = cell(x[None], (h[None], c[None]))
        pre = cell.weight_ih @ x + cell.bias_ih + cell.weight_hh @ h + cell.bias_hh
        pi, pf, pg, po = pre.chunk(4)
        i, f, g, o = torch.sigmoid(pi), torch.sigmoid(pf), torch.tanh(pg), torch.sigmoid(po)
    assert close(c1[0], f * c + i * g) and close(h1[0], o * torch.tanh(f * c + i * g))
    return {'f': f, 'i': i, 'o': o, 'g': g, 'c': c1[0], 'h': h1[0]}


def lstm_givens(p, style_layout, layout):
    """Weight statements for one of the SPEC §4 layouts."""
    Wx, Wh, bx, bh = p['Wx'], p['Wh'], p['bx'], p['bh']
    out = []
    if style_layout in ('concat', 'concat-xh'):
        for k in LSTM_GATES:
            W = hstack(Wh[k], Wx[k]) if style_layout == 'concat' else hstack(Wx[k], Wh[k])
            out.append((f'W_{k}', W, False))
        for k in LSTM_GATES:
            out.append((f'b_{k}', bx[k], True))
    elif style_layout == 'd2l':
        for k in LSTM_GATES:
            if layout == 'row':
                out += [(f'W_x{k}', transpose(Wx[k]), False), (f'W_h{k}', transpose(Wh[k]), False)]
            else:
                out += [(f'W_x{k}', Wx[k], False), (f'W_h{k}', Wh[k], False)]
            out.append((f'b_{k}', bx[k], True))
    elif style_layout == 'wiki':
        for k in LSTM_GATES:
            out += [(f'W_{k}', Wx[k], False), (f'U_{k}', Wh[k], False), (f'b_{k}', bx[k], True)]
    elif style_layout == 'pytorch':
        order = ('i', 'f', 'c', 'o')
        out += [('weight_ih', vstack(*(Wx[k] for k in order)), False),
                ('weight_hh', vstack(*(Wh[k] for k in order)), False),
                ('bias_ih', sum((bx[k] for k in order), []), True, 'flat'),
                ('bias_hh', sum((bh[k] for k in order), []), True, 'flat')]
    elif style_layout == 'keras':
        order = ('i', 'f', 'c', 'o')
        out += [('kernel', hstack(*(transpose(Wx[k]) for k in order)), False),
                ('recurrent_kernel', hstack(*(transpose(Wh[k]) for k in order)), False),
                ('bias', sum((bx[k] for k in order), []), True, 'flat')]
    else:
        raise ValueError(style_layout)
    return out


def lstm_case(cid, about, H, D, wl, layout='column', opts='', style='mathjs',
              names=('x', 'h_prev', 'c_prev'), drop=(), state=True):
    p = lstm_params(H, D, second_bias=(wl == 'pytorch'))
    for k in drop:                      # missing biases are zeros
        p['bx'][k] = [0.0] * H
    x, h, c = rvec(D), rvec(H), rvec(H, -2, 2)
    if not state:
        h, c = [0.0] * H, [0.0] * H
    exp = lstm_torch(p, x, h, c)
    givens = [(names[0], x, True)]
    if state:
        givens += [(names[1], h, True), (names[2], c, True)]
    givens += [g for g in lstm_givens(p, wl, layout) if g[0] not in {f'b_{k}' for k in drop}]
    expected = dict(exp)
    for k in drop:
        expected[f'b_{k}'] = T(p['bx'][k])
    if not state:
        expected['h_prev'] = T(h)
        expected['c_prev'] = T(c)
    add(cid, about, 'lstm', opts, givens, layout, expected, style)
    return p


lstm_case('lstm-concat', 'LSTM, concatenated W_f W_i W_o W_c on [h_prev; x], H=3 D=4',
          3, 4, 'concat')
lstm_case('lstm-concat-xh', 'LSTM, concat=xh: W_* on [x; h_prev], H=2 D=3',
          2, 3, 'concat-xh', opts='concat=xh')
lstm_case('lstm-d2l-row', 'LSTM, d2l split W_x* (D×H) / W_h* (H×H), layout=row, H=3 D=2',
          3, 2, 'd2l', layout='row', opts='layout=row')
lstm_case('lstm-d2l-column', 'LSTM, split W_x* (H×D) / W_h* (H×H) in column layout, H=2 D=5',
          2, 5, 'd2l')
lstm_case('lstm-wikipedia', 'LSTM, Wikipedia split W_* (H×D) with U_* (H×H), H=4 D=2',
          4, 2, 'wiki')
lstm_case('lstm-pytorch', 'LSTM, PyTorch packed weight_ih/weight_hh (rows i,f,g,o) + bias_ih/bias_hh, H=2 D=3',
          2, 3, 'pytorch')
lstm_case('lstm-keras', 'LSTM, Keras packed kernel (D×4H, cols i,f,c,o) / recurrent_kernel / bias, layout=row, H=3 D=2',
          3, 2, 'keras', layout='row', opts='layout=row')
lstm_case('lstm-h16', 'LSTM, concatenated weights, H=D=16',
          16, 16, 'concat')
lstm_case('lstm-missing-bias', 'LSTM, b_o and b_c missing (zero biases), H=3 D=2',
          3, 2, 'concat', drop=('o', 'c'))
lstm_case('lstm-missing-state', 'LSTM, no h_prev / c_prev given (zero initial state), H=3 D=4',
          3, 4, 'd2l', state=False)
lstm_case('lstm-aliases-latex', 'LSTM, state aliases x_t h_{t-1} C_{t-1} and LaTeX bmatrix literals, H=2 D=3',
          2, 3, 'concat', style='latex', names=('x_t', 'h_{t-1}', 'C_{t-1}'))
lstm_case('lstm-space-literals', 'LSTM, MATLAB space-separated literals with negative entries, H=3 D=2',
          3, 2, 'concat', style='space')
lstm_case('lstm-numpy-literals', 'LSTM, numpy print-out literals (multi-line, no commas), H=2 D=3',
          2, 3, 'concat', style='numpy')


def lstm_sequence(cid, about, H, D, Tn):
    p = lstm_params(H, D)
    xs = [rvec(D) for _ in range(Tn)]
    h, c = rvec(H), rvec(H)
    givens = [(f'x_{t + 1}', xs[t], True) for t in range(Tn)]
    givens += [('h_0', h, True), ('c_0', c, True)] + lstm_givens(p, 'concat', 'column')
    expected = {}
    for t in range(Tn):
        r = lstm_torch(p, xs[t], h, c)
        for k in ('f', 'i', 'o', 'g', 'c', 'h'):
            expected[f'{k}_{t + 1}'] = r[k]
        h, c = L(r['h']), L(r['c'])
    add(cid, about, 'lstm', '', givens, 'column', expected)


lstm_sequence('lstm-sequence', 'LSTM sequence x_1..x_3 from h_0, c_0 (concatenated weights), H=2 D=3', 2, 3, 3)


def lstm_embedding():
    H, D, V, k = 2, 3, 6, 2
    p = lstm_params(H, D)
    E = rmat(D, V)                   # D×V: e is the k-th column
    h, c = rvec(H), rvec(H)
    onehot = torch.zeros(V)
    onehot[k - 1] = 1
    e = T(E) @ onehot
    exp = lstm_torch(p, L(e), h, c)
    givens = [('E', E, False), ('x_onehot', None, None), ('h_prev', h, True), ('c_prev', c, True)]
    givens += lstm_givens(p, 'concat', 'column')
    md_givens = [g for g in givens if g[0] != 'x_onehot']
    md = block('lstm', '', md_givens, 'column')
    md = md.replace('```lstm\n', f'```lstm\nx_onehot = onehot({k}, {V})\n', 1)
    expected = {'e': e, **exp}
    CASES.append({'id': 'lstm-embedding-dxv', 'kind': 'lstm', 'layout': 'column',
                  'about': 'LSTM on an embedding: E is D×V (column selection), onehot(2, 6), H=2 D=3',
                  'markdown': md, 'expected': {n: orient(v, 'column') for n, v in expected.items()}})


lstm_embedding()


# ---------------------------------------------------------------------------------------
# GRU

GRU_GATES = ('r', 'z', 'n')


def gru_params(H, D, bias=True, second_bias=False, candidate_bias=True):
    p = {'Wx': {}, 'Wh': {}, 'bx': {}, 'bh': {}}
    for k in GRU_GATES:
        p['Wx'][k] = rmat(H, D)
        p['Wh'][k] = rmat(H, H)
        p['bx'][k] = rvec(H) if bias and (k != 'n' or candidate_bias) else [0.0] * H
        p['bh'][k] = rvec(H) if second_bias else [0.0] * H
    return p


def gru_torch(p, x, h, reset='before', z='keep'):
    H, D = len(p['Wx']['r']), len(p['Wx']['r'][0])
    cell = nn.GRUCell(D, H).double()
    with torch.no_grad():
        cell.weight_ih.copy_(T(vstack(*(p['Wx'][k] for k in GRU_GATES))))
        cell.weight_hh.copy_(T(vstack(*(p['Wh'][k] for k in GRU_GATES))))
        cell.bias_ih.copy_(T(sum((p['bx'][k] for k in GRU_GATES), [])))
        cell.bias_hh.copy_(T(sum((p['bh'][k] for k in GRU_GATES), [])))
        x, h = T(x), T(h)
        Wir, Wiz, Win = cell.weight_ih.chunk(3)
        Whr, Whz, Whn = cell.weight_hh.chunk(3)
        bir, biz, bin_ = cell.bias_ih.chunk(3)
        bhr, bhz, bhn = cell.bias_hh.chunk(3)
        r = torch.sigmoid(Wir @ x + bir + Whr @ h + bhr)
        zz = torch.sigmoid(Wiz @ x + biz + Whz @ h + bhz)
        if reset == 'after':
            n = torch.tanh(Win @ x + bin_ + r * (Whn @ h + bhn))
        else:
            n = torch.tanh(Win @ x + bin_ + Whn @ (r * h) + bhn)
        if z == 'keep':
            hn = zz * h + (1 - zz) * n
        else:
            hn = (1 - zz) * h + zz * n
        if reset == 'after':
            hc = cell(x[None], h[None])[0]
            if z == 'keep':
                assert close(hc, hn)
                hn = hc
            else:
                # z=write is the keep cell with the update gate negated: 1 - σ(a) = σ(-a)
                cell.weight_ih[H:2 * H].neg_()
                cell.weight_hh[H:2 * H].neg_()
                cell.bias_ih[H:2 * H].neg_()
                cell.bias_hh[H:2 * H].neg_()
                assert close(cell(x[None], h[None])[0], hn)
    return {'r': r, 'z': zz, 'n': n, 'h': hn}


def gru_givens(p, wl, layout, omit=()):
    Wx, Wh, bx, bh = p['Wx'], p['Wh'], p['bx'], p['bh']
    out = []
    names = {'r': 'r', 'z': 'z', 'n': 'h'}
    if wl in ('concat', 'concat-xh'):
        for k in GRU_GATES:
            W = hstack(Wh[k], Wx[k]) if wl == 'concat' else hstack(Wx[k], Wh[k])
            out.append((f'W_{names[k]}', W, False))
        for k in GRU_GATES:
            out.append((f'b_{names[k]}', bx[k], True))
    elif wl == 'd2l':
        for k in GRU_GATES:
            s = names[k]
            if layout == 'row':
                out += [(f'W_x{s}', transpose(Wx[k]), False), (f'W_h{s}', transpose(Wh[k]), False)]
            else:
                out += [(f'W_x{s}', Wx[k], False), (f'W_h{s}', Wh[k], False)]
            out.append((f'b_{s}', bx[k], True))
    elif wl == 'wiki':
        for k in GRU_GATES:
            s = names[k]
            out += [(f'W_{s}', Wx[k], False), (f'U_{s}', Wh[k], False), (f'b_{s}', bx[k], True)]
    elif wl == 'pytorch':
        out += [('weight_ih', vstack(*(Wx[k] for k in GRU_GATES)), False),
                ('weight_hh', vstack(*(Wh[k] for k in GRU_GATES)), False),
                ('bias_ih', sum((bx[k] for k in GRU_GATES), []), True, 'flat'),
                ('bias_hh', sum((bh[k] for k in GRU_GATES), []), True, 'flat')]
    elif wl in ('keras-after', 'keras-before'):
        order = ('z', 'r', 'n')
        out += [('kernel', hstack(*(transpose(Wx[k]) for k in order)), False),
                ('recurrent_kernel', hstack(*(transpose(Wh[k]) for k in order)), False)]
        bi = sum((bx[k] for k in order), [])
        if wl == 'keras-after':
            out.append(('bias', [bi, sum((bh[k] for k in order), [])], False))
        else:
            out.append(('bias', bi, True, 'flat'))
    else:
        raise ValueError(wl)
    return [g for g in out if g[0] not in omit]


def gru_case(cid, about, H, D, wl, reset='before', z='keep', layout='column', opts='',
             style='mathjs', state=True, candidate_bias=True, vec_style=None):
    p = gru_params(H, D, candidate_bias=candidate_bias,
                   second_bias=wl in ('pytorch', 'keras-after'))
    x, h = rvec(D), (rvec(H) if state else [0.0] * H)
    exp = gru_torch(p, x, h, reset, z)
    vs = (vec_style,) if vec_style else ()
    givens = [('x', x, True) + vs] + ([('h_prev', h, True) + vs] if state else [])
    givens += gru_givens(p, wl, layout, omit=() if candidate_bias else ('b_h',))
    expected = dict(exp)
    if not state:
        expected['h_prev'] = T(h)
    if not candidate_bias:
        expected['b_h'] = T(p['bx']['n'])
    add(cid, about, 'gru', opts, givens, layout, expected, style)


gru_case('gru-before-keep', 'GRU, concatenated W_r W_z W_h, reset=before z=keep (defaults), H=3 D=2',
         3, 2, 'concat')
gru_case('gru-before-write', 'GRU, concatenated, reset=before z=write, H=2 D=4',
         2, 4, 'concat', z='write', opts='z=write')
gru_case('gru-after-keep', 'GRU, concatenated W_h split on [h_prev; x], reset=after z=keep, no b_h, H=3 D=4',
         3, 4, 'concat', reset='after', opts='reset=after', candidate_bias=False)
gru_case('gru-after-write', 'GRU, concatenated, reset=after z=write, no b_h, H=4 D=3',
         4, 3, 'concat', reset='after', z='write', opts='reset=after z=write', candidate_bias=False)
gru_case('gru-concat-xh', 'GRU, concat=xh: W_* on [x; h_prev] (candidate on [x; r⊙h_prev]), H=2 D=3',
         2, 3, 'concat-xh', opts='concat=xh')
gru_case('gru-d2l-row', 'GRU, d2l split W_xr W_hr W_xz W_hz W_xh W_hh, layout=row, H=3 D=2',
         3, 2, 'd2l', layout='row', opts='layout=row')
gru_case('gru-d2l-row-inferred', 'GRU, d2l split in row shapes (D×H) with no layout option: layout inferred as row, H=2 D=5',
         2, 5, 'd2l', layout='row', vec_style='flat')
gru_case('gru-pytorch', 'GRU, PyTorch packed weight_ih/weight_hh (rows r,z,n) + bias_ih/bias_hh: reset=after by default, H=3 D=2',
         3, 2, 'pytorch', reset='after')
gru_case('gru-keras-after', 'GRU, Keras packed kernel (cols z,r,h), bias 2×3H: reset=after, layout=row, H=2 D=3',
         2, 3, 'keras-after', reset='after', layout='row', opts='layout=row')
gru_case('gru-keras-before', 'GRU, Keras packed kernel (cols z,r,h), bias 3H: reset=before, layout=row, H=3 D=2',
         3, 2, 'keras-before', layout='row', opts='layout=row')
gru_case('gru-wikipedia', 'GRU, Wikipedia split W_* (H×D) with U_* (H×H), z=write, H=4 D=2',
         4, 2, 'wiki', z='write', opts='z=write')
gru_case('gru-missing-state', 'GRU, no h_prev given (zero initial state), H=3 D=2',
         3, 2, 'concat', state=False)
gru_case('gru-nested-literals', 'GRU, nested-list literals, H=2 D=3',
         2, 3, 'concat', style='nested')


def gru_sequence(cid, about, H, D, Tn):
    p = gru_params(H, D)
    xs = [rvec(D) for _ in range(Tn)]
    h = rvec(H)
    givens = [(f'x_{t + 1}', xs[t], True) for t in range(Tn)]
    givens += [('h_0', h, True)] + gru_givens(p, 'd2l', 'row')
    expected = {}
    for t in range(Tn):
        r = gru_torch(p, xs[t], h)
        for k in ('r', 'z', 'n', 'h'):
            expected[f'{k}_{t + 1}'] = r[k]
        h = L(r['h'])
    add(cid, about, 'gru', 'layout=row', givens, 'row', expected)


gru_sequence('gru-sequence', 'GRU sequence x_1..x_3 from h_0 (d2l row split), H=3 D=2', 3, 2, 3)


# ---------------------------------------------------------------------------------------
# RNN

def rnn_params(H, D, V=None, second_bias=False, bias=True):
    p = {'Wx': rmat(H, D), 'Wh': rmat(H, H), 'bx': rvec(H) if bias else [0.0] * H,
         'bh': rvec(H) if second_bias else [0.0] * H}
    if V:
        p['Wy'], p['by'] = rmat(V, H, -2, 2), rvec(V)
    return p


def rnn_torch(p, x, h, act='tanh'):
    H, D = len(p['Wx']), len(p['Wx'][0])
    x, h = T(x), T(h)
    with torch.no_grad():
        a = T(p['Wh']) @ h + T(p['Wx']) @ x + T(p['bx']) + T(p['bh'])
        if act == 'sigmoid':
            hn = torch.sigmoid(a)
        else:
            cell = nn.RNNCell(D, H, nonlinearity=act).double()
            cell.weight_ih.copy_(T(p['Wx']))
            cell.weight_hh.copy_(T(p['Wh']))
            cell.bias_ih.copy_(T(p['bx']))
            cell.bias_hh.copy_(T(p['bh']))
            hn = cell(x[None], h[None])[0]
            assert close(hn, torch.tanh(a) if act == 'tanh' else torch.relu(a))
        out = {'a': a, 'h': hn}
        if 'Wy' in p:
            out['y'] = torch.softmax(T(p['Wy']) @ hn + T(p['by']), dim=0)
    return out


def rnn_givens(p, wl, layout):
    out = []
    if wl == 'split':
        out += [('W_xh', p['Wx'], False), ('W_hh', p['Wh'], False), ('b', p['bx'], True)]
    elif wl == 'xh-names':
        out += [('W_x', p['Wx'], False), ('W_h', p['Wh'], False), ('b', p['bx'], True)]
    elif wl == 'concat':
        out += [('W', hstack(p['Wh'], p['Wx']), False), ('b', p['bx'], True)]
    elif wl == 'd2l-row':
        out += [('W_xh', transpose(p['Wx']), False), ('W_hh', transpose(p['Wh']), False),
                ('b_h', p['bx'], True)]
    elif wl == 'pytorch':
        out += [('weight_ih', p['Wx'], False), ('weight_hh', p['Wh'], False),
                ('bias_ih', p['bx'], True, 'flat'), ('bias_hh', p['bh'], True, 'flat')]
    elif wl == 'keras':
        out += [('kernel', transpose(p['Wx']), False), ('recurrent_kernel', transpose(p['Wh']), False),
                ('bias', p['bx'], True, 'flat')]
    elif wl == 'nobias':
        out += [('W_x', p['Wx'], False), ('W_h', p['Wh'], False)]
    else:
        raise ValueError(wl)
    if 'Wy' in p:
        if layout == 'row':
            out += [('W_hq', transpose(p['Wy']), False), ('b_q', p['by'], True)]
        else:
            out += [('W_y', p['Wy'], False), ('b_y', p['by'], True)]
    return out


def rnn_case(cid, about, H, D, wl, act='tanh', V=None, layout='column', opts='', state=True,
             style='mathjs'):
    p = rnn_params(H, D, V, second_bias=(wl == 'pytorch'), bias=(wl != 'nobias'))
    x, h = rvec(D), (rvec(H) if state else [0.0] * H)
    exp = rnn_torch(p, x, h, act)
    givens = [('x', x, True)] + ([('h_prev', h, True)] if state else []) + rnn_givens(p, wl, layout)
    expected = dict(exp)
    if not state:
        expected['h_prev'] = T(h)
    if wl == 'nobias':
        expected['b'] = T(p['bx'])
    add(cid, about, 'rnn', opts, givens, layout, expected, style)


rnn_case('rnn-tanh', 'RNN, tanh, split W_xh (H×D) / W_hh / b, H=3 D=2', 3, 2, 'split')
rnn_case('rnn-concat', 'RNN, tanh, concatenated W on [h_prev; x], H=2 D=4', 2, 4, 'concat')
rnn_case('rnn-sigmoid', 'RNN, act=sigmoid, W_x / W_h names, H=4 D=3', 4, 3, 'xh-names',
         act='sigmoid', opts='act=sigmoid')
rnn_case('rnn-relu-pytorch', 'RNN, act=relu, PyTorch packed weight_ih/weight_hh/bias_ih/bias_hh, H=4 D=2',
         4, 2, 'pytorch', act='relu', opts='act=relu')
rnn_case('rnn-output', 'RNN, tanh with output layer W_y / b_y: y = softmax(W_y h + b_y), H=3 D=2 V=5',
         3, 2, 'xh-names', V=5)
rnn_case('rnn-d2l-row-output', 'RNN, d2l row layout W_xh (D×H) W_hh b_h with W_hq / b_q output, H=3 D=4 q=2',
         3, 4, 'd2l-row', V=2, layout='row', opts='layout=row')
rnn_case('rnn-keras', 'RNN, Keras packed kernel (D×H) / recurrent_kernel / bias, layout=row, H=2 D=3',
         2, 3, 'keras', layout='row', opts='layout=row')
rnn_case('rnn-missing-state', 'RNN, no h_prev given (zero initial state), H=3 D=5', 3, 5, 'split',
         state=False)
rnn_case('rnn-missing-bias', 'RNN, act=relu, no bias given (zero bias), H=2 D=3', 2, 3, 'nobias',
         act='relu', opts='act=relu')


def rnn_sequence(cid, about, H, D, V, Tn):
    p = rnn_params(H, D, V)
    xs = [rvec(D) for _ in range(Tn)]
    h = rvec(H)
    givens = [(f'x_{t + 1}', xs[t], True) for t in range(Tn)]
    givens += [('h_0', h, True)] + rnn_givens(p, 'xh-names', 'column')
    expected = {}
    for t in range(Tn):
        r = rnn_torch(p, xs[t], h)
        for k in ('a', 'h', 'y'):
            expected[f'{k}_{t + 1}'] = r[k]
        h = L(r['h'])
    add(cid, about, 'rnn', '', givens, 'column', expected)


rnn_sequence('rnn-sequence', 'RNN sequence x_1..x_3 from h_0 with output layer y_1..y_3, H=3 D=2 V=4', 3, 2, 4, 3)


def rnn_embedding(cid, about, V, D, H, k, act='tanh', opts=''):
    """E is V×D (nn.Embedding; a square E also selects a row); token k counts from 1."""
    p = rnn_params(H, D)
    E = rmat(V, D)
    emb = nn.Embedding(V, D).double()
    with torch.no_grad():
        emb.weight.copy_(T(E))
        e = emb(torch.tensor([k - 1]))[0]
    h = rvec(H)
    exp = rnn_torch(p, L(e), h, act)
    onehot = [1 if j == k - 1 else 0 for j in range(V)]
    givens = [('E', E, False), ('onehot', onehot, True), ('h_prev', h, True)]
    givens += rnn_givens(p, 'xh-names', 'column')
    add(cid, about, 'rnn', opts, givens, 'column', {'e': e, **exp})


rnn_embedding('rnn-embedding-vxd', 'RNN on an embedding: E is V×D (row selection, nn.Embedding), V=5 D=3 H=2',
              5, 3, 2, 3)
rnn_embedding('rnn-embedding-square', 'RNN on an embedding: square E (4×4) selects a row, act=sigmoid, H=3',
              4, 4, 3, 2, act='sigmoid', opts='act=sigmoid')


# ---------------------------------------------------------------------------------------
# plain-Python cross-checks, from the matrices exactly as written in the blocks (no torch)

def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


def mv(W, v):
    return [sum(w * x for w, x in zip(row, v)) for row in W]


def vm(v, W):          # row vector · matrix
    return [sum(v[i] * W[i][j] for i in range(len(v))) for j in range(len(W[0]))]


def add_(*vs):
    return [sum(t) for t in zip(*vs)]


def cols(W, a, b):
    return [row[a:b] for row in W]


def hand_assert(cid, mine):
    _, exp = HAND[cid]
    for k, v in mine.items():
        t = exp[k].reshape(-1).tolist()
        assert len(t) == len(v), (cid, k)
        for a, b in zip(v, t):
            assert abs(a - b) <= 1e-13 * max(1.0, abs(b)), (cid, k, a, b)
    print(f'  hand-checked {cid}: {", ".join(mine)}', file=sys.stderr)


def hand_lstm_concat():
    g, _ = HAND['lstm-concat']
    v = g['h_prev'] + g['x']
    f = [sig(a) for a in add_(mv(g['W_f'], v), g['b_f'])]
    i = [sig(a) for a in add_(mv(g['W_i'], v), g['b_i'])]
    o = [sig(a) for a in add_(mv(g['W_o'], v), g['b_o'])]
    gg = [math.tanh(a) for a in add_(mv(g['W_c'], v), g['b_c'])]
    c = [f[j] * g['c_prev'][j] + i[j] * gg[j] for j in range(len(f))]
    h = [o[j] * math.tanh(c[j]) for j in range(len(f))]
    hand_assert('lstm-concat', {'f': f, 'i': i, 'o': o, 'g': gg, 'c': c, 'h': h})


def hand_lstm_keras():
    g, _ = HAND['lstm-keras']
    H = len(g['recurrent_kernel'])
    pre = add_(vm(g['x'], g['kernel']), vm(g['h_prev'], g['recurrent_kernel']), g['bias'])
    i = [sig(a) for a in pre[0:H]]           # Keras column blocks: i, f, c, o
    f = [sig(a) for a in pre[H:2 * H]]
    gg = [math.tanh(a) for a in pre[2 * H:3 * H]]
    o = [sig(a) for a in pre[3 * H:4 * H]]
    c = [f[j] * g['c_prev'][j] + i[j] * gg[j] for j in range(H)]
    h = [o[j] * math.tanh(c[j]) for j in range(H)]
    hand_assert('lstm-keras', {'f': f, 'i': i, 'o': o, 'g': gg, 'c': c, 'h': h})


def hand_gru_before_write():
    g, _ = HAND['gru-before-write']
    H = len(g['h_prev'])
    v = g['h_prev'] + g['x']
    r = [sig(a) for a in add_(mv(g['W_r'], v), g['b_r'])]
    z = [sig(a) for a in add_(mv(g['W_z'], v), g['b_z'])]
    n = [math.tanh(a) for a in add_(mv(g['W_h'], [r[j] * g['h_prev'][j] for j in range(H)] + g['x']),
                                    g['b_h'])]
    h = [(1 - z[j]) * g['h_prev'][j] + z[j] * n[j] for j in range(H)]
    hand_assert('gru-before-write', {'r': r, 'z': z, 'n': n, 'h': h})


def hand_gru_pytorch():
    g, _ = HAND['gru-pytorch']
    H = len(g['h_prev'])
    gi = add_(mv(g['weight_ih'], g['x']), g['bias_ih'])     # rows r, z, n
    gh = add_(mv(g['weight_hh'], g['h_prev']), g['bias_hh'])
    r = [sig(gi[j] + gh[j]) for j in range(H)]
    z = [sig(gi[H + j] + gh[H + j]) for j in range(H)]
    n = [math.tanh(gi[2 * H + j] + r[j] * gh[2 * H + j]) for j in range(H)]
    h = [z[j] * g['h_prev'][j] + (1 - z[j]) * n[j] for j in range(H)]
    hand_assert('gru-pytorch', {'r': r, 'z': z, 'n': n, 'h': h})


def hand_rnn_d2l_row_output():
    g, _ = HAND['rnn-d2l-row-output']
    a = add_(vm(g['x'], g['W_xh']), vm(g['h_prev'], g['W_hh']), g['b_h'])
    h = [math.tanh(t) for t in a]
    s = add_(vm(h, g['W_hq']), g['b_q'])
    m = max(s)
    ex = [math.exp(t - m) for t in s]
    y = [t / sum(ex) for t in ex]
    hand_assert('rnn-d2l-row-output', {'a': a, 'h': h, 'y': y})


def hand_embedding():
    g, _ = HAND['rnn-embedding-vxd']
    k = g['onehot'].index(1)
    e = g['E'][k]
    a = add_(mv(g['W_h'], g['h_prev']), mv(g['W_x'], e), g['b'])
    hand_assert('rnn-embedding-vxd', {'e': e, 'a': a, 'h': [math.tanh(t) for t in a]})


hand_lstm_concat()
hand_lstm_keras()
hand_gru_before_write()
hand_gru_pytorch()
hand_rnn_d2l_row_output()
hand_embedding()

# every expected vector has the layout's orientation; no two cases share an id
for c in CASES:
    for name, m in c['expected'].items():
        r, k = len(m), len(m[0])
        if r == 1 or k == 1:
            assert (k == 1) if c['layout'] == 'column' else (r == 1), (c['id'], name)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
doc = {
    'generator': 'scripts/make-fixtures.py (python3-torch %s, float64, seed 20240611)' % torch.__version__,
    'tolerance': 'relative 1e-12: |a-b| <= 1e-12 * max(1, |b|)',
    'cases': CASES,
}
text = json.dumps(doc, indent=1, ensure_ascii=False)
# one line per innermost list of numbers (raw newlines never occur inside JSON strings)
text = re.sub(r'\[\n\s*([-0-9.eE+,\s]*?)\n\s*\]',
              lambda m: '[' + ', '.join(v.strip() for v in m.group(1).split(',')) + ']', text)
assert json.loads(text) == json.loads(json.dumps(doc))
with open(OUT, 'w') as fh:
    fh.write(text + '\n')
print(f'wrote {len(CASES)} cases to {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT)} bytes)',
      file=sys.stderr)
