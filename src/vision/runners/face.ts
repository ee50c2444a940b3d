/**
 * Face runner: `@vladmandic/face-api` on the tfjs WebAssembly backend (no native build) with the
 * weights shipped in the package: SSD MobileNet v1 detection, 68-point landmarks (alignment) and
 * the 128-d recognition descriptor. Images are downscaled to `maxEdge` (default 640) first.
 * @module
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { LoadedRunner, RunnerItem } from "../types.js";
import { decodeImage, eachItem } from "./decode.js";

const require = createRequire(import.meta.url);

/** One detected face: detector score, box in the original image's pixels, 128-d descriptor. */
export interface DetectedFace {
  score: number;
  box: [x: number, y: number, width: number, height: number];
  descriptor: number[];
}

interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    tensor3d(...args: unknown[]): { dispose(): void };
  };
  nets: Record<string, { loadFromDisk(dir: string): Promise<void> }>;
  SsdMobilenetv1Options: new (options: { minConfidence: number; maxResults?: number }) => unknown;
  detectAllFaces(
    input: unknown,
    options: unknown,
  ): {
    withFaceLandmarks(): {
      withFaceDescriptors(): Promise<
        Array<{
          detection: { score: number; box: { x: number; y: number; width: number; height: number } };
          descriptor: Float32Array;
        }>
      >;
    };
  };
}

/**
 * Loads the face models once (per worker).
 * @example
 * const runner = await load({ minConfidence: 0.5 });
 */
export async function load(options: Record<string, unknown>): Promise<LoadedRunner> {
  const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApi;
  await faceapi.tf.setBackend("wasm");
  await faceapi.tf.ready();
  const models = join(dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
  await faceapi.nets.ssdMobilenetv1!.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net!.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet!.loadFromDisk(models);
  const minConfidence = typeof options.minConfidence === "number" ? options.minConfidence : 0.5;
  const defaultEdge = typeof options.maxEdge === "number" ? options.maxEdge : 640;
  const detector = new faceapi.SsdMobilenetv1Options({ minConfidence });
  return {
    run: (items: RunnerItem[]) =>
      eachItem(items, async (item) => {
        const maxEdge = typeof item.params?.maxEdge === "number" ? item.params.maxEdge : defaultEdge;
        const image = await decodeImage(item.images[0]!, { maxEdge, channels: 3 });
        const tensor = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
        try {
          const found = await faceapi
            .detectAllFaces(tensor, detector)
            .withFaceLandmarks()
            .withFaceDescriptors();
          const scale = image.originalWidth / image.width;
          return found.map(
            (f): DetectedFace => ({
              score: f.detection.score,
              box: [
                f.detection.box.x * scale,
                f.detection.box.y * scale,
                f.detection.box.width * scale,
                f.detection.box.height * scale,
              ],
              descriptor: Array.from(f.descriptor),
            }),
          );
        } finally {
          tensor.dispose();
        }
      }),
  };
}
