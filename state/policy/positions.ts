/**
 * Where each statement of a policy document sits in its text, as the simulator's
 * MatchedStatements report it: the line and column (both from 1) of the statement's opening
 * brace and of its closing brace. The text has already been parsed as JSON, so this scanner
 * only walks it; anything unexpected yields no positions rather than an error.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export interface StatementPosition {
  start: TextPosition;
  end: TextPosition;
}

class Scanner {
  i = 0;
  line = 1;
  column = 1;
  constructor(readonly text: string) {}

  position(): TextPosition {
    return { line: this.line, column: this.column };
  }

  peek(): string {
    return this.text[this.i] ?? '';
  }

  next(): string {
    const ch = this.text[this.i++] ?? '';
    if (ch === '\n') {
      this.line++;
      this.column = 1;
    } else this.column++;
    return ch;
  }

  whitespace(): void {
    while (/\s/.test(this.peek()) && this.i < this.text.length) this.next();
  }

  string(): string {
    let out = '';
    this.next(); // opening quote
    while (this.i < this.text.length) {
      const ch = this.next();
      if (ch === '"') return out;
      if (ch === '\\') {
        const esc = this.next();
        out += esc === 'u' ? String.fromCharCode(parseInt(this.text.slice(this.i, this.i + 4), 16)) : esc;
        if (esc === 'u') for (let k = 0; k < 4; k++) this.next();
      } else out += ch;
    }
    throw new Error('unterminated string');
  }

  /** Skips any JSON value; returns the span of objects. */
  value(): StatementPosition | undefined {
    this.whitespace();
    const ch = this.peek();
    if (ch === '"') {
      this.string();
      return undefined;
    }
    if (ch === '{' || ch === '[') {
      const start = this.position();
      const close = ch === '{' ? '}' : ']';
      this.next();
      this.whitespace();
      while (this.peek() !== close) {
        if (ch === '{') {
          this.whitespace();
          this.string();
          this.whitespace();
          this.next(); // colon
        }
        this.value();
        this.whitespace();
        if (this.peek() === ',') this.next();
        this.whitespace();
        if (this.i >= this.text.length) throw new Error('unterminated');
      }
      const end = this.position();
      this.next();
      return { start, end };
    }
    while (this.i < this.text.length && !/[\s,\]}]/.test(this.peek())) this.next();
    return undefined;
  }
}

export function statementPositions(text: string): StatementPosition[] {
  try {
    const s = new Scanner(text);
    s.whitespace();
    if (s.next() !== '{') return [];
    for (;;) {
      s.whitespace();
      if (s.peek() === '}') return [];
      const key = s.string();
      s.whitespace();
      s.next(); // colon
      s.whitespace();
      if (key !== 'Statement') {
        s.value();
      } else if (s.peek() === '[') {
        const out: StatementPosition[] = [];
        s.next();
        for (;;) {
          s.whitespace();
          if (s.peek() === ']') return out;
          const span = s.value();
          if (span) out.push(span);
          s.whitespace();
          if (s.peek() === ',') s.next();
        }
      } else {
        const span = s.value();
        return span ? [span] : [];
      }
      s.whitespace();
      if (s.peek() === ',') s.next();
    }
  } catch {
    return [];
  }
}
