export function SynapseLogo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="synapse-logo">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path d="M10 11 L22 16 L10 21" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" fill="none" />
      <circle cx="10" cy="11" r="3" fill="#fff" />
      <circle cx="22" cy="16" r="3" fill="#fff" />
      <circle cx="10" cy="21" r="3" fill="#fff" />
    </svg>
  );
}
