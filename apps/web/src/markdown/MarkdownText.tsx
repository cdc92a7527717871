import './markdown.css';
import type { ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

/** Links open in a new tab and hand the opened page neither this window nor the address it came from. */
function OutputLink({ node: _node, href, children, ...rest }: ComponentProps<'a'> & { node?: unknown }) {
  return (
    <a {...rest} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/**
 * An image in model output is shown as a link, never loaded: loading it would tell whoever chose the
 * address that (and when, and from where) the output was read — the classic way a prompt injection
 * sends data out through an image URL.
 */
function OutputImage({ src, alt }: ComponentProps<'img'> & { node?: unknown }) {
  if (typeof src !== 'string' || !src) return <span>{alt}</span>;
  return (
    <a href={src} target="_blank" rel="noopener noreferrer" className="markdown__image-link">
      {alt ? `Image: ${alt}` : 'Image'}
    </a>
  );
}

const COMPONENTS: Components = { a: OutputLink, img: OutputImage };
const REMARK = [remarkGfm];
// Raw HTML in the text is never parsed (react-markdown leaves it out without rehype-raw); sanitizing
// what Markdown itself produces (GitHub's rules) is the second wall, and the URL transform drops
// `javascript:` and other unsafe schemes.
const REHYPE = [rehypeSanitize];

/** Model output as Markdown: headings, lists, code, tables (GFM), links — sanitized, nothing executes. */
export function MarkdownText({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={REMARK} rehypePlugins={REHYPE} components={COMPONENTS}>
      {text}
    </Markdown>
  );
}
