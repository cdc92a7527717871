import { ErrorCodes, readCloseReason } from '@synapse/schema';
import { Banner } from '../components/Banner';
import { Link } from '../routing/Link';
import { rejectionOf } from '../sync/syncRejections';

/**
 * Where the server refused a workspace document because the workspace requires two-factor
 * authentication (told by the refusal's error code, the machine-readable head of the server's reason),
 * leads to enrolment.
 */
export function TwoFactorRequiredNotice({ workspaceId, docName }: { workspaceId: string; docName: string }) {
  const refusal = rejectionOf(docName);
  if (!refusal || readCloseReason(refusal.detail).error !== ErrorCodes.twoFactorRequired) return null;
  return (
    <Banner tone="warning" testId="two-factor-required">
      This workspace requires two-factor authentication —{' '}
      <Link href={`/w/${encodeURIComponent(workspaceId)}/settings/security`}>set it up</Link>.
    </Banner>
  );
}
