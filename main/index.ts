// Electron composition root (filled in by the Electron app step).
import { app } from 'electron';

app.whenReady().then(() => {
  // placeholder until main/electron adapters exist
});
