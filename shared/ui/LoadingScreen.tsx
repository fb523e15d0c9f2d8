/**
 * The one line an app shows while it opens (its code, its database): the same markup
 * from an app's first script and from DeviceShell, so the hand-over between them is not seen.
 */
export function LoadingScreen({ text }: { text: string }) {
  return (
    <main class="screen screen--center" aria-busy="true">
      <p>{text}</p>
    </main>
  );
}
