declare module '@nlpjs/neural' {
  export interface NeuralNetworkSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean | ((status: NeuralNetworkStatus, timeMs: number) => void);
  }

  export interface NeuralNetworkStatus {
    error: number;
    deltaError: number;
    iterations: number;
  }

  export interface NeuralNetworkJson {
    settings: NeuralNetworkSettings;
    features?: string[];
    intents?: string[];
    // One row per intent: a weight per feature, then the bias.
    perceptrons?: number[][];
  }

  export interface TrainingItem {
    input: Record<string, number>;
    output: Record<string, number>;
  }

  export class NeuralNetwork {
    constructor(settings?: NeuralNetworkSettings);
    train(corpus: TrainingItem[]): NeuralNetworkStatus;
    run(input: Record<string, number>): Record<string, number> | undefined;
    explain(
      input: Record<string, number>,
      intent: string,
    ): { weights?: Record<string, number>; bias?: number };
    toJSON(): NeuralNetworkJson;
    fromJSON(json: NeuralNetworkJson): void;
  }
}
