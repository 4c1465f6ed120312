// Cross-client check with Confluent's own Node.js schema-registry client (used by NodeCrossCheckIT).
//
//   node crosscheck.mjs encode <registryUrl> <topic> <schema.avsc> <value.json>
//       registers the schema under <topic>-value, serializes the JSON value with Confluent's
//       AvroSerializer (latest version of the subject) and prints the record bytes as base64.
//   node crosscheck.mjs decode <registryUrl> <topic> <base64>
//       deserializes Confluent wire-format bytes with Confluent's AvroDeserializer and prints the
//       value as JSON (enums as symbols, nullable unions unwrapped, longs as numbers).
import { readFileSync } from 'node:fs';
import {
  AvroDeserializer,
  AvroSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';

const [command, url, topic, ...args] = process.argv.slice(2);
if (!['encode', 'decode'].includes(command) || !url || !topic) {
  console.error('usage: crosscheck.mjs encode URL TOPIC SCHEMA_FILE JSON_FILE | decode URL TOPIC BASE64');
  process.exit(2);
}
const client = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 1 });

if (command === 'encode') {
  const [schemaFile, valueFile] = args;
  const schema = readFileSync(schemaFile, 'utf8');
  const value = JSON.parse(readFileSync(valueFile, 'utf8'));
  const id = await client.register(`${topic}-value`, { schemaType: 'AVRO', schema }, false);
  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    autoRegisterSchemas: false,
    useLatestVersion: true,
  });
  const bytes = await serializer.serialize(topic, value);
  console.error(`registered id ${id}, wrote ${bytes.length} bytes`);
  process.stdout.write(bytes.toString('base64'));
} else {
  const [base64] = args;
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const value = await deserializer.deserialize(topic, Buffer.from(base64, 'base64'));
  process.stdout.write(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}
