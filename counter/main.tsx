/**
 * Counter entry: registers the service worker and draws the loading line at once
 * (CounterStart), which loads the terminal behind it. Kept small on purpose: everything
 * this file imports statically is downloaded before the first paint (test/e2e/bundle-size).
 */
import { render } from 'preact';
import '../shared/ui/base.css';
import './counter.css';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { CounterStart } from './components/CounterStart.tsx';

const root = document.getElementById('app');
if (root) render(<CounterStart sw={registerServiceWorker()} />, root);
