import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cropFace,
  demoPhoto,
  greyPng,
  inline,
  patterns,
  scoreAsync,
} from "../../../test/fixtures/vision/images.js";
import { decodeImage } from "../../vision/runners/decode.js";
import type { DetectedFace } from "../../vision/runners/face.js";
import { createVisionRuntime } from "../../vision/runtime.js";
import { faceIdentity } from "./face-identity.js";

const require = createRequire(import.meta.url);

// face-api run directly in the test's thread: the independent path the reward's worker must match.
async function directDescriptors(bytes: Uint8Array): Promise<Float32Array[]> {
  // biome-ignore lint/suspicious/noExplicitAny: face-api's bundle has no types for its node-wasm entry
  const faceapi: any = require("@vladmandic/face-api/dist/face-api.node-wasm.js");
  if (faceapi.tf.getBackend() !== "wasm") {
    await faceapi.tf.setBackend("wasm");
    await faceapi.tf.ready();
    const dir = join(dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(dir);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(dir);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(dir);
  }
  const image = await decodeImage(bytes, { maxEdge: 640, channels: 3 });
  const tensor = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
  const faces = await faceapi
    .detectAllFaces(tensor, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }))
    .withFaceLandmarks()
    .withFaceDescriptors();
  tensor.dispose();
  // biome-ignore lint/suspicious/noExplicitAny: see above
  return faces.map((f: any) => f.descriptor as Float32Array);
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

describe("image.face-identity (face-api, bundled demo photos)", { timeout: 180_000 }, () => {
  const vision = createVisionRuntime({ workers: 1 });
  afterAll(() => vision.close());
  const largest = faceIdentity({}, "config", { vision });
  let photo: Uint8Array;
  let faces: DetectedFace[];
  let reference: Uint8Array;
  let sameFace: Uint8Array;
  let otherFace: Uint8Array;

  beforeAll(async () => {
    photo = await demoPhoto(1);
    const found = await vision.run<DetectedFace[]>(
      { runner: "face", options: { minConfidence: 0.5 } },
      { images: [inline(photo)] },
    );
    if (!found.ok) throw new Error(found.message);
    faces = found.value;
    // The reference photo: face 0 with a wide margin; the "generated" image: the same face cropped
    // tighter and brightened; a different person: face 1.
    reference = await cropFace(photo, faces[0]!.box, 1);
    sameFace = await cropFace(photo, faces[0]!.box, 0.6, 1.15);
    otherFace = await cropFace(photo, faces[1]!.box, 1);
  }, 180_000);

  it("finds the three faces of the demo photo with 128-d descriptors", () => {
    expect(faces).toHaveLength(3);
    for (const face of faces) {
      expect(face.descriptor).toHaveLength(128);
      expect(face.score).toBeGreaterThan(0.5);
    }
  });

  it("similarity is 1 − d/1.2 of the descriptor distance computed directly with face-api", async () => {
    const [refD] = await directDescriptors(reference);
    const [sameD] = await directDescriptors(sameFace);
    const [otherD] = await directDescriptors(otherFace);
    const same = await scoreAsync(largest, {
      completion: "",
      images: [inline(sameFace), inline(reference, "reference")],
    });
    const other = await scoreAsync(largest, {
      completion: "",
      images: [inline(otherFace), inline(reference, "reference")],
    });
    expect(same.codes).toEqual([]);
    expect(same.value).toBeCloseTo(Math.max(0, 1 - distance(sameD!, refD!) / 1.2), 4);
    expect(other.value).toBeCloseTo(Math.max(0, 1 - distance(otherD!, refD!) / 1.2), 4);
    // The same person is within face-api's 0.6 threshold (similarity > 0.5), another is not.
    expect(same.value as number).toBeGreaterThan(0.5);
    expect(other.value as number).toBeLessThan(same.value as number);
    const cosine = faceIdentity({ mapping: "cosine" }, "config", { vision });
    const cos = await scoreAsync(cosine, {
      completion: "",
      images: [inline(sameFace), inline(reference, "reference")],
    });
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < 128; i++) {
      dot += sameD![i]! * refD![i]!;
      na += sameD![i]! ** 2;
      nb += refD![i]! ** 2;
    }
    expect(cos.value).toBeCloseTo(dot / Math.sqrt(na * nb), 4);
  });

  it("several faces: best-match ≥ largest, all = the mean over the faces", async () => {
    const sample = { completion: "", images: [inline(photo), inline(reference, "reference")] };
    const [l, b, a] = (await Promise.all(
      (["largest", "best-match", "all"] as const).map((mode) =>
        scoreAsync(faceIdentity({ faces: mode }, "config", { vision }), sample),
      ),
    )) as [
      Awaited<ReturnType<typeof scoreAsync>>,
      Awaited<ReturnType<typeof scoreAsync>>,
      Awaited<ReturnType<typeof scoreAsync>>,
    ];
    const refFace = faces[0]!; // the reference crop's face is face 0 of the photo
    const [refD] = await directDescriptors(reference);
    const sims = faces.map((f) => Math.max(0, 1 - distance(f.descriptor, refD!) / 1.2));
    const biggest = faces.reduce((p, q) => (q.box[2] * q.box[3] > p.box[2] * p.box[3] ? q : p));
    expect(b.value).toBeCloseTo(Math.max(...sims), 4);
    expect(a.value).toBeCloseTo(sims.reduce((s, v) => s + v, 0) / sims.length, 4);
    expect(l.value).toBeCloseTo(sims[faces.indexOf(biggest)]!, 4);
    expect(b.value as number).toBeGreaterThanOrEqual(l.value as number);
    expect(refFace.descriptor).toHaveLength(128);
  });

  it("no face in the generated image is 0 + no_face_found; none in the reference is a data error", async () => {
    const blank = await greyPng(patterns(128).gradient, 128, 128);
    expect(
      await scoreAsync(largest, { completion: "", images: [inline(blank), inline(reference, "reference")] }),
    ).toMatchObject({
      value: 0,
      codes: ["no_face_found"],
    });
    expect(
      await scoreAsync(largest, { completion: "", images: [inline(sameFace), inline(blank, "reference")] }),
    ).toMatchObject({
      value: null,
      codes: ["reference_no_face"],
    });
    expect(await scoreAsync(largest, { completion: "", images: [inline(sameFace)] })).toMatchObject({
      value: null,
      codes: ["reference_missing"],
    });
  });
});
