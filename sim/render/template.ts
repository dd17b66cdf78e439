// Reads a page's .ttml, checks it uses only what the render path understands, and rewrites the Douyin
// `tt:` directives to the `wx:` ones j-component knows. Anything it does not understand is an error
// with file:line:col: a preview or a render test must never silently render a template wrong.

import * as fs from 'fs';

/** Mini-program elements the renderer supports, their HTML element, and their own attributes. */
export const ELEMENTS: Record<string, { html: string; attrs: readonly string[] }> = {
  view: { html: 'div', attrs: [] },
  text: { html: 'span', attrs: ['selectable', 'user-select', 'space', 'decode'] },
  button: { html: 'button', attrs: ['type', 'size', 'plain', 'disabled', 'loading', 'open-type', 'form-type'] },
  image: { html: 'img', attrs: ['src', 'mode', 'lazy-load'] },
  'scroll-view': { html: 'div', attrs: ['scroll-x', 'scroll-y', 'scroll-top', 'scroll-left', 'scroll-into-view', 'scroll-with-animation'] },
  input: { html: 'input', attrs: ['value', 'type', 'password', 'placeholder', 'placeholder-class', 'maxlength', 'focus', 'confirm-type', 'disabled'] },
  switch: { html: 'input', attrs: ['checked', 'disabled', 'type', 'color'] },
  label: { html: 'label', attrs: ['for'] },
  block: { html: '', attrs: [] },
  'rtc-room': { html: 'div', attrs: ['user-id', 'mode', 'device-position'] },
};

const DIRECTIVES = ['if', 'elif', 'else', 'for', 'key', 'for-item', 'for-index'];
const COMMON_ATTRS = ['id', 'class', 'style', 'hidden', 'hover-class', 'hover-stay-time', 'hover-start-time', 'aria-label', 'aria-role'];
const EVENT_ATTR = /^(bind|catch|capture-bind:|capture-catch:|mut-bind:)[a-z]+$/;

class TemplateError extends Error {
  constructor(file: string, source: string, offset: number, message: string) {
    const before = source.slice(0, offset).split('\n');
    super(`${file}:${before.length}:${before[before.length - 1].length + 1}: ${message}`);
    this.name = 'TemplateError';
  }
}

export interface CompiledTemplate {
  file: string;
  source: string;
  /** The template with `tt:` directives rewritten to `wx:`, for j-component. */
  wxml: string;
  /** Element names used (for reporting). */
  tags: string[];
}

/** `{{` must always be closed by `}}` (j-component would print an unclosed one as text). */
function checkMustaches(file: string, source: string, start: number, text: string): void {
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    const close = text.indexOf('}}', i);
    if (open < 0 && close < 0) return;
    if (open < 0 || (close >= 0 && close < open)) throw new TemplateError(file, source, start + close, "'}}' without '{{'");
    const end = text.indexOf('}}', open + 2);
    const nextOpen = text.indexOf('{{', open + 2);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) throw new TemplateError(file, source, start + open, "'{{' is never closed");
    if (text.slice(open + 2, end).trim() === '') throw new TemplateError(file, source, start + open, 'empty {{ }} expression');
    i = end + 2;
  }
}

interface Frame {
  tag: string;
  offset: number;
  /** Whether the previous element sibling carried tt:if / tt:elif (so tt:elif / tt:else may follow). */
  prevConditional: boolean;
}

/** Validate and rewrite a TTML source. `file` is only used in error messages. */
export function compileTtml(source: string, file = '<template>'): CompiledTemplate {
  const stack: Frame[] = [{ tag: '#root', offset: 0, prevConditional: false }];
  const rewrites: number[] = []; // offsets of 'tt:' to turn into 'wx:'
  const tags = new Set<string>();
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > i) checkMustaches(file, source, i, source.slice(i, textEnd));
    if (lt < 0) break;
    if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      if (end < 0) throw new TemplateError(file, source, lt, 'unclosed comment');
      i = end + 3;
      continue;
    }
    if (source[lt + 1] === '/') {
      const m = /^<\/([a-zA-Z][\w-]*)\s*>/.exec(source.slice(lt));
      if (!m) throw new TemplateError(file, source, lt, 'malformed closing tag');
      const top = stack[stack.length - 1];
      if (stack.length === 1 || top.tag !== m[1]) {
        throw new TemplateError(file, source, lt, `</${m[1]}> does not close <${top.tag}>`);
      }
      stack.pop();
      i = lt + m[0].length;
      continue;
    }
    const nameMatch = /^<([a-zA-Z][\w-]*)/.exec(source.slice(lt));
    if (!nameMatch) throw new TemplateError(file, source, lt, "stray '<' (write &lt; in text)");
    const tag = nameMatch[1];
    const element = ELEMENTS[tag];
    if (!element) {
      throw new TemplateError(file, source, lt, `<${tag}> is not supported by the render harness (supported: ${Object.keys(ELEMENTS).join(', ')})`);
    }
    tags.add(tag);
    // Attributes, honouring quotes ('>' may appear inside {{ a > b }}).
    let j = lt + nameMatch[0].length;
    const seen = new Set<string>();
    let selfClosing = false;
    for (;;) {
      while (j < source.length && /\s/.test(source[j])) j++;
      if (j >= source.length) throw new TemplateError(file, source, lt, `<${tag}> is never closed`);
      if (source[j] === '>') {
        j++;
        break;
      }
      if (source.startsWith('/>', j)) {
        selfClosing = true;
        j += 2;
        break;
      }
      const am = /^[^\s=/>"']+/.exec(source.slice(j));
      if (!am) throw new TemplateError(file, source, j, `malformed attribute in <${tag}>`);
      const name = am[0];
      const nameAt = j;
      j += name.length;
      let value: string | null = null;
      let valueAt = j;
      if (source[j] === '=') {
        const q = source[j + 1];
        if (q !== '"' && q !== "'") throw new TemplateError(file, source, j, `unquoted value for ${name}`);
        const end = source.indexOf(q, j + 2);
        if (end < 0) throw new TemplateError(file, source, j, `unterminated value for ${name}`);
        valueAt = j + 2;
        value = source.slice(valueAt, end);
        j = end + 1;
      }
      if (seen.has(name)) throw new TemplateError(file, source, nameAt, `duplicate attribute ${name}`);
      seen.add(name);
      if (name.startsWith('tt:')) {
        if (DIRECTIVES.indexOf(name.slice(3)) < 0) throw new TemplateError(file, source, nameAt, `unknown directive ${name}`);
        rewrites.push(nameAt);
      } else if (name.startsWith('wx:') || name.startsWith('s-') || name.startsWith('a:')) {
        throw new TemplateError(file, source, nameAt, `${name}: another platform's directive in a Douyin template (use tt:)`);
      } else if (!(COMMON_ATTRS.indexOf(name) >= 0 || name.startsWith('data-') || EVENT_ATTR.test(name) || element.attrs.indexOf(name) >= 0)) {
        throw new TemplateError(file, source, nameAt, `attribute ${name} on <${tag}> is not supported by the render harness`);
      }
      if (value !== null) checkMustaches(file, source, valueAt, value);
      if (EVENT_ATTR.test(name) && (value === null || value.indexOf('{{') >= 0 || !/^[A-Za-z_$][\w$]*$/.test(value))) {
        throw new TemplateError(file, source, nameAt, `${name} must name a page method`);
      }
    }
    const parent = stack[stack.length - 1];
    const isCond = seen.has('tt:if') || seen.has('tt:elif');
    if ((seen.has('tt:elif') || seen.has('tt:else')) && !parent.prevConditional) {
      throw new TemplateError(file, source, lt, `tt:elif / tt:else on <${tag}> does not follow a tt:if / tt:elif sibling`);
    }
    if (seen.has('tt:else') && isCond) throw new TemplateError(file, source, lt, 'tt:else together with tt:if / tt:elif');
    if (seen.has('tt:key') && !seen.has('tt:for')) throw new TemplateError(file, source, lt, 'tt:key without tt:for');
    parent.prevConditional = isCond;
    if (!selfClosing) stack.push({ tag, offset: lt, prevConditional: false });
    i = j;
  }
  if (stack.length > 1) {
    const top = stack[stack.length - 1];
    throw new TemplateError(file, source, top.offset, `<${top.tag}> is never closed`);
  }
  let wxml = source;
  for (let k = rewrites.length - 1; k >= 0; k--) wxml = wxml.slice(0, rewrites[k]) + 'wx:' + wxml.slice(rewrites[k] + 3);
  return { file, source, wxml, tags: [...tags] };
}

export function readTtml(file: string): CompiledTemplate {
  return compileTtml(fs.readFileSync(file, 'utf8'), file);
}
