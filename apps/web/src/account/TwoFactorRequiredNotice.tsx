import { ErrorCodes } from '@synapse/schema';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/ApiError';
import { Banner } from '../components/Banner';
import { Link } from '../routing/Link';
import { twoFactorApi } from './twoFactorApi';

/**
 * Shown where a workspace refused this session: asks the API whether the refusal is the workspace's
 * two-factor requirement (by error code) and, if so, leads to enrolment.
 */
export function TwoFactorRequiredNotice({ workspaceId }: { workspaceId: string }) {
  const [required, setRequired] = useState(false);
  useEffect(() => {
    let live = true;
    twoFactorApi.requirement(workspaceId).then(
      () => undefined,
      (error: unknown) => {
        if (live && error instanceof ApiError && error.code === ErrorCodes.twoFactorRequired)
          setRequired(true);
      },
    );
    return () => {
      live = false;
    };
  }, [workspaceId]);
  if (!required) return null;
  return (
    <Banner tone="warning" testId="two-factor-required">
      This workspace requires two-factor authentication —{' '}
      <Link href={`/w/${encodeURIComponent(workspaceId)}/settings/security`}>set it up</Link>.
    </Banner>
  );
}
