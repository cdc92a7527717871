// A change the server refuses (close code 4413, per document or for the whole socket) is explained in
// plain words, the local edits can be downloaded as a workflow file, and the client does not loop
// reconnecting and re-sending the refused change. Other documents keep syncing.
import { readFile } from 'node:fs/promises';
import { addNode, initWorkflowDoc, newId, parseWorkflowFile, USER_ORIGIN } from '@synapse/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Harness, shot, startHarness, waitForText } from './offline-harness';
import { uploadWorkflow } from './uploadWorkflow';

const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_DOCUMENT_BYTES = 256 * 1024;
const QUIET_MS = 5_000;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ maxMessageBytes: MAX_MESSAGE_BYTES, maxDocumentBytes: MAX_DOCUMENT_BYTES });
});

afterAll(async () => {
  await h?.close();
});

interface SocketLog {
  opened: number;
  /** Sizes of frames sent since `mark()`. */
  sentSinceMark(): number[];
  mark(): void;
}

function watchSockets(page: Page): SocketLog {
  let sent: number[] = [];
  const log: SocketLog = {
    opened: 0,
    sentSinceMark: () => sent,
    mark() {
      sent = [];
    },
  };
  page.on('websocket', (ws) => {
    log.opened += 1;
    ws.on('framesent', ({ payload }) =>
      sent.push(typeof payload === 'string' ? payload.length : payload.byteLength),
    );
  });
  return log;
}

async function seedWorkflow(
  name: string,
  count = 1,
): Promise<{ id: string; agent: string; agents: string[] }> {
  const doc = new Y.Doc();
  initWorkflowDoc(doc, { name }, USER_ORIGIN);
  const agents = Array.from({ length: count }, (_, i) =>
    addNode(
      doc,
      { type: 'agent', position: { x: 0, y: i * 200 }, data: { label: `Writer ${i + 1}` } },
      USER_ORIGIN,
    ),
  );
  const id = newId();
  await uploadWorkflow(h.stack, id, doc);
  return { id, agent: agents[0] as string, agents };
}

async function pastePrompt(
  page: Page,
  agent: string,
  bytes: number,
  text = 'All work and no play. ',
): Promise<string> {
  const prompt = text.repeat(Math.ceil(bytes / text.length)).slice(0, bytes);
  await page.locator(`[data-testid="node-label-${agent}"]`).click();
  await page.getByTestId('system-prompt-input').fill(prompt);
  return prompt;
}

async function expectNoLoop(page: Page, log: SocketLog, maxNewSockets: number, refusedBytes: number) {
  const openedBefore = log.opened;
  log.mark();
  await page.waitForTimeout(QUIET_MS);
  expect(log.opened - openedBefore).toBeLessThanOrEqual(maxNewSockets);
  // Nothing close to the refused change was sent again.
  expect(log.sentSinceMark().filter((size) => size >= refusedBytes / 2)).toEqual([]);
}

async function downloadCopy(page: Page): Promise<ReturnType<typeof parseWorkflowFile>> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-copy').click(),
  ]);
  return parseWorkflowFile(await readFile(await download.path(), 'utf8'));
}

async function otherDocumentsStillSync(page: Page): Promise<void> {
  // The list (the workspace index document) shares the socket with the refused document.
  await page.locator('.app-header__brand').click();
  await page.getByTestId('list-page').waitFor();
  await waitForText(page, 'sync-status', 'Saved');
  await page.getByTestId('sync-rejection').waitFor();
}

describe('a change the server refuses', () => {
  it('past the document cap: explains, offers a copy, and stops that document only', async () => {
    const { id, agents } = await seedWorkflow('Too big to save', 3);
    const [first, second, agent] = agents as [string, string, string];
    const page = await h.newPage();
    const log = watchSockets(page);
    await page.goto(`${h.stack.url}/w/default/${id}`);
    await waitForText(page, 'sync-status', 'Saved');

    // Each paste is within the server's per-change limits; together (three prompts the document keeps,
    // not one replaced: a compacted document weighs what it holds) they outgrow the document cap.
    await pastePrompt(page, first, 100 * 1024, 'a');
    await waitForText(page, 'sync-status', 'Saved');
    await pastePrompt(page, second, 100 * 1024, 'b');
    await waitForText(page, 'sync-status', 'Saved');
    const prompt = await pastePrompt(page, agent, 100 * 1024, 'c');
    const banner = page.getByTestId('sync-rejection');
    await banner.waitFor();
    expect(await page.getByTestId('sync-rejection-message').textContent()).toContain('size limit');
    expect(await banner.textContent()).toContain('“Too big to save”');
    await waitForText(page, 'sync-status', 'Not saved');
    await shot(page, 'rejection-banner');

    // Per-document refusal: the socket stays up, nothing is re-sent.
    await expectNoLoop(page, log, 0, prompt.length);

    const copy = await downloadCopy(page);
    expect(copy.ok).toBe(true);
    if (!copy.ok) return;
    expect(copy.graph.name).toBe('Too big to save');
    expect(copy.graph.nodes.find((n) => n.id === agent)?.data.systemPrompt).toBe(prompt);

    await otherDocumentsStillSync(page);
    await shot(page, 'rejection-banner-list');
  });

  it('refused as invalid (4422, a single paste over the per-change limit): explains and stops', async () => {
    const { id, agent } = await seedWorkflow('Huge paste');
    const page = await h.newPage();
    const log = watchSockets(page);
    await page.goto(`${h.stack.url}/w/default/${id}`);
    await waitForText(page, 'sync-status', 'Saved');
    const prompt = await pastePrompt(page, agent, 300 * 1024);
    await page.getByTestId('sync-rejection').waitFor();
    expect(await page.getByTestId('sync-rejection-message').textContent()).toContain(
      'larger than it accepts',
    );
    await waitForText(page, 'sync-status', 'Not saved');
    await expectNoLoop(page, log, 0, prompt.length);
  });

  it('past the message cap (the whole socket closes): blames the right document, reconnects once', async () => {
    const { id, agent } = await seedWorkflow('One huge paste');
    const page = await h.newPage({ colorScheme: 'dark' });
    const log = watchSockets(page);
    await page.goto(`${h.stack.url}/w/default/${id}`);
    await waitForText(page, 'sync-status', 'Saved');
    expect(log.opened).toBe(1);

    const prompt = await pastePrompt(page, agent, MAX_MESSAGE_BYTES + 100 * 1024);
    await page.getByTestId('sync-rejection').waitFor();
    expect(await page.getByTestId('sync-rejection-message').textContent()).toContain('too large to send');
    await waitForText(page, 'sync-status', 'Not saved');
    await shot(page, 'rejection-banner-dark');

    // The socket closed for everyone; it comes back once for the other documents, then stays quiet.
    await expectNoLoop(page, log, 1, prompt.length);
    expect(log.opened).toBe(2);

    const copy = await downloadCopy(page);
    expect(copy.ok && copy.graph.nodes.find((n) => n.id === agent)?.data.systemPrompt).toBe(prompt);
    await otherDocumentsStillSync(page);
  });
});
