export { serialize, describeType, type SerializedEnvelope } from './serialize';
export { deserialize, type DeserializeOptions } from './deserialize';
export { captureSnapshot, DEFAULT_SNAPSHOT_MAX_BYTES, type Snapshot } from './snapshot';
export { snapshotText, type SnapshotText } from './snapshot-text';
export {
  registerSerializableClass,
  unregisterSerializableClass,
  registeredClassNames,
  type SerializableClass,
} from './class-registry';
