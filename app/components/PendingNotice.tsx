import { useEffect, useState } from 'react';
import { useNavigation } from 'react-router';

/** How long a page load or form may take before the notice shows: quick ones do not flicker. */
const after = 500;

/**
 * A page that takes more than half a second to come (a modeling run on a million transactions, an
 * import) says so at the top of the screen, with an indeterminate progress bar, until it arrives.
 */
export function PendingNotice() {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!busy) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), after);
    return () => clearTimeout(timer);
  }, [busy]);
  if (!shown) return null;
  return (
    <div className="pending-notice" role="status" aria-live="polite">
      <progress aria-label="Working" /> {navigation.state === 'submitting' ? 'Working on it…' : 'Loading the page…'}
    </div>
  );
}
