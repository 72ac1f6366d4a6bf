#!/usr/bin/env python3
"""Writes media/walkthrough/*.svg, the images of the "Get started" walkthrough.

They are drawn with VS Code's theme colours (the --vscode-* CSS variables the walkthrough's
webview defines, with light-theme fallbacks), so one file follows light, dark and high-contrast
themes. Colours are presentation attributes, not a <style> element: the webview's CSP allows
only its own nonce'd styles. Run: python3 scripts/walkthrough-images.py
"""
import os

OUT = os.path.join(os.path.dirname(__file__), '..', 'media', 'walkthrough')

MONO = 'font-family="var(--vscode-editor-font-family, monospace)"'
SANS = 'font-family="var(--vscode-font-family, sans-serif)"'
STYLE = {
    'bg': 'fill="var(--vscode-editor-background, #ffffff)"',
    'frame': 'fill="none" stroke="var(--vscode-widget-border, var(--vscode-editorWidget-border, #c8c8c8))" stroke-width="1"',
    'bar': 'fill="var(--vscode-editorGroupHeader-tabsBackground, #f3f3f3)"',
    'tab': 'fill="var(--vscode-tab-activeBackground, #ffffff)"',
    'txt': f'fill="var(--vscode-editor-foreground, #3b3b3b)" {MONO} font-size="13"',
    'ui': f'fill="var(--vscode-foreground, #3b3b3b)" {SANS} font-size="12"',
    'dim': f'fill="var(--vscode-editorCodeLens-foreground, #919191)" {SANS} font-size="11"',
    'kw': 'fill="var(--vscode-textLink-foreground, #006ab1)"',
    'pass': 'fill="var(--vscode-testing-iconPassed, #388a34)"',
    'fail': 'fill="var(--vscode-errorForeground, #c72e0f)"',
    'squiggle': 'fill="none" stroke="var(--vscode-editorError-foreground, #e51400)" stroke-width="1.2"',
    'hover': 'fill="var(--vscode-editorHoverWidget-background, #f8f8f8)" stroke="var(--vscode-editorHoverWidget-border, #c8c8c8)"',
    'panel': 'fill="var(--vscode-sideBar-background, #f8f8f8)"',
    'card': 'fill="none" stroke="var(--vscode-widget-border, var(--vscode-editorWidget-border, #c8c8c8))"',
    'accent': 'fill="var(--vscode-focusBorder, #0090f1)"',
    'term': 'fill="var(--vscode-terminal-background, var(--vscode-panel-background, #ffffff))"',
    'termtxt': f'fill="var(--vscode-terminal-foreground, var(--vscode-editor-foreground, #3b3b3b))" {MONO} font-size="12"',
}


def attrs(names):
    """The attributes of space-separated style names; a later name's fill wins."""
    out = {}
    for name in names.split():
        for part in STYLE[name].split('" '):
            key, _, value = part.partition('="')
            out[key] = value.rstrip('"')
    return ' '.join(f'{k}="{v}"' for k, v in out.items())


def el(tag, names, body='', **geometry):
    geo = ' '.join(f'{k.replace("_", "-")}="{v}"' for k, v in geometry.items())
    a = attrs(names) if names else ''
    return f'<{tag} {geo} {a}>{body}</{tag}>' if tag in ('text', 'tspan') else f'<{tag} {geo} {a}/>'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def svg(name, title, body, w=560, h=320):
    doc = f'''<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{esc(title)}">
<title>{esc(title)}</title>
{el('rect', 'bg', x=0.5, y=0.5, width=w - 1, height=h - 1, rx=6)}
{chr(10).join(body)}
{el('rect', 'frame', x=0.5, y=0.5, width=w - 1, height=h - 1, rx=6)}
</svg>
'''
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        f.write(doc)


def tabs(name, w=560):
    return [el('rect', 'bar', x=1, y=1, width=w - 2, height=30, rx=5), el('rect', 'tab', x=1, y=1, width=150, height=30),
            el('text', 'ui', esc(name), x=16, y=21)]


def line(y, text, names='txt', x=20):
    return el('text', names, esc(text), x=x, y=y)


def span(text, names, **extra):
    return el('tspan', names, esc(text), **extra) if names else esc(text)


def main():
    os.makedirs(OUT, exist_ok=True)

    # 1. An example note: the block and its CodeLens
    b = tabs('lstm-exam.md')
    y = 58
    b.append(line(y, '## Question 1', 'txt kw'))
    y += 24
    b.append(line(y, 'LSTM · computed e, x, i, c, h · checks 6/6 ✓ · 160 parameters | Show steps | Insert results', 'dim'))
    y += 20
    for t in ['```lstm', 'E = [1 1 3 4; 2 3 3 4; 4 1 1 0; 2 0 2 4]', 'onehot = [0 1 0 0]', 'W_i = [6 4 3 1 5 6 2 0; 0 0 6 6 1 3 3 5; …]',
              'b_i = [4; 4; 2; 1]', '# solution']:
        b.append(line(y, t))
        y += 20
    b += [line(y, 'x_t ?= [2; 3; 3; 4]'), line(y, '✓ [2; 3; 3; 4]', 'txt pass', 210)]
    y += 20
    b += [line(y, 'h_t ?= o_t ⊙ tanh(C_t)'), line(y, '✓', 'txt pass', 210)]
    y += 20
    b.append(line(y, '```'))
    svg('open-example.svg', 'An example note: each block computes, checks and says so in its CodeLens', b)

    # 2. Hover a matrix
    b = tabs('lstm-exam.md')
    y = 58
    for t in ['```lstm', 'E = [1 1 3 4; 2 3 3 4; 4 1 1 0; 2 0 2 4]', 'W_i = [6 4 3 1 5 6 2 0; 0 0 6 6 1 3 3 5; …]']:
        b.append(line(y, t))
        y += 20
    b.append(el('rect', 'accent', x=20, y=102, width=30, height=2))
    b.append(el('rect', 'hover', x=40, y=110, width=330, height=196, rx=4))
    hy = 132
    b.append(el('text', 'ui', span('W_i', '', ) + ' — input gate weights · 4×8 · given', x=54, y=hy, font_weight='normal'))
    hy += 26
    for r in ['6  4  3  1  5  6  2  0', '0  0  6  6  1  3  3  5', '6  4  2  3  4  5  1  2', '6  6  2  6  1  4  0  0']:
        b.append(line(hy, f'[ {r} ]', 'txt', 64))
        hy += 20
    hy += 8
    b.append(line(hy, 'Used in', 'ui', 54))
    hy += 22
    b.append(line(hy, 'i = σ(W_i v + b_i)', 'txt', 54))
    for k, t in enumerate(['Hover any name,', 'value or LaTeX matrix:', 'its shape, its value,', 'where it is used.']):
        b.append(line(136 + 16 * k, t, 'dim', 390))
    svg('hover-matrix.svg', 'Hovering W_i shows its meaning, shape 4×8, value and where it is used', b)

    # 3. Show steps: the note and the step panel
    b = tabs('lstm-exam.md', 250) + [el('rect', 'panel', x=250, y=1, width=309, height=318), el('rect', 'bar', x=250, y=1, width=309, height=30),
                                     line(21, 'Steps: lstm-exam.md:47', 'ui', 264), el('line', 'frame', x1=250, y1=1, x2=250, y2=319)]
    y = 58
    b.append(line(y, 'LSTM · checks 1/3 ✓, 2 ✗', 'dim'))
    y += 20
    for t in ['```lstm', 'h_prev = [0.4166; 0.3213]', 'c_prev = [0.4435; 2]', '…', 'c ?= [1.1469; 2.1363]', 'h ?= [0.2723; 0.9719]']:
        b.append(line(y, t))
        y += 20
    b.append(el('path', 'squiggle', d='M26 202 ' + 'q2 -3 4 0 ' + 't4 0 ' * 40))
    b.append(el('rect', 'card', x=264, y=44, width=282, height=262, rx=4))
    b.append(el('text', 'ui', span('LSTM', 'kw') + '  column layout   ' + span('✓ 1', 'pass') + '  ' + span('✗ 2', 'fail'), x=276, y=64))
    b.append(line(88, 'STEPS · new hidden state', 'dim', 276))
    b.append(line(112, 'hₜ = oₜ ⊙ tanh(cₜ)', 'txt', 286))
    b.append(line(138, '= [0.3333; 1] ⊙ tanh(c)', 'txt', 298))
    b.append(line(164, '= [0.2723; 0.9725]', 'txt', 298))
    b.append(line(196, 'CHECKS', 'dim', 276))
    b.append(el('rect', 'fail', x=276, y=206, width=3, height=52))
    b.append(el('text', 'ui', span('✗', 'fail') + ' h  stated [0.2723; 0.9719]', x=288, y=222))
    b.append(line(240, 'computed [0.27228; 0.97248]', 'ui', 288))
    b.append(line(256, 'h[2]: 5.8 units of the last written digit', 'ui fail', 288))
    b.append(line(290, 'Copy LaTeX · Copy Markdown · Go to block', 'dim', 276))
    svg('show-steps.svg', 'The step panel: every step of the block typeset, and where a check goes wrong', b)

    # 4. Check in CI
    b = [el('rect', 'bar', x=1, y=1, width=558, height=30, rx=5), line(21, 'TERMINAL', 'ui', 16), el('rect', 'term', x=1, y=31, width=558, height=288)]
    y = 58
    for t, names in [('$ npx rnn-math check notes/', 'termtxt kw'),
                     ('notes/lstm-exam.md:65:6: error check: check c: element 1 is 1.1469', 'termtxt'),
                     ('    but computes to 1.147291 (3.9 units of the last written digit)', 'termtxt'),
                     ('notes/lstm-exam.md:66:6: error check: check h: element 2 is 0.9719', 'termtxt'),
                     ('    but computes to 0.972478 (5.8 units of the last written digit)', 'termtxt'),
                     ('2 blocks, 8 checks: 6 passed, 2 failed, 0 errors', 'termtxt fail'),
                     ('', 'termtxt'),
                     ('# in a GitHub workflow: annotations on the pull request', 'termtxt'),
                     ('- run: npx rnn-math check notes/ --format github', 'termtxt'),
                     ('::error file=notes/lstm-exam.md,line=66,col=6::check h: …', 'termtxt fail')]:
        b.append(line(y, t, names, 16))
        y += 22
    svg('check-in-ci.svg', 'rnn-math check in a terminal and in CI: each failing check with its file, line and column', b)


if __name__ == '__main__':
    main()
