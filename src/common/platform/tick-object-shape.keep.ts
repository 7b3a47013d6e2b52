import { keepTickObjectShape } from 'src/common/platform/tick-object-shape';

// Imported first by `main.ts`, before the other modules load (see `keepTickObjectShape`).
keepTickObjectShape();
