// Usage: node make-types26.js <host:port> <collection>
// Makes, with the official Node SDK, a loaded collection of Milvus 2.6 types (Text, Geometry, Timestamptz, a nullable
// vector, a default-value column, a struct array) that the Pester suite copies, exports and compares with MilvusDM.
const { MilvusClient } = require('@zilliz/milvus2-sdk-node');
const { milvus26Types } = require('./types26');

(async () => {
  const client = new MilvusClient({ address: process.argv[2], timeout: 20000 });
  console.log(JSON.stringify(await milvus26Types(client, process.argv[3])));
  await client.closeConnection();
})().catch(e => { console.error(e && e.stack || e); process.exit(1); });
