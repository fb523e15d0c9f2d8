/**
 * Kiosk entry: registers the service worker and draws the resting screen (KioskStart),
 * which loads the rest of the kiosk behind it. Kept small on purpose: everything this
 * file imports statically is downloaded before the first screen (test/e2e/bundle-size).
 */
import { render } from 'preact';
import '../shared/ui/base.css';
import './kiosk.css';
import './print.css';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { KioskStart } from './KioskStart.tsx';

const root = document.getElementById('app');
if (root) render(<KioskStart sw={registerServiceWorker()} />, root);
