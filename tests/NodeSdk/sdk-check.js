// Usage: node sdk-check.js <host:port>
// Runs a scenario with the official Milvus Node SDK against a server and fails (exit 1) on any mismatch.
const assert = require('node:assert/strict');
const { MilvusClient, DataType } = require('@zilliz/milvus2-sdk-node');
const { milvus26Types, ok } = require('./types26');

(async () => {
  const address = process.argv[2];
  const client = new MilvusClient({ address, timeout: 20000 });
  const name = 'node_sdk_' + Date.now();
  const report = {};

  ok(await client.createCollection({
    collection_name: name,
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
      { name: 'vec', data_type: DataType.FloatVector, dim: 4 },
      { name: 'title', data_type: DataType.VarChar, max_length: 32 },
      { name: 'meta', data_type: DataType.JSON },
      { name: 'tags', data_type: DataType.Array, element_type: DataType.Int64, max_capacity: 4 },
    ],
    enable_dynamic_field: true,
  }), 'createCollection');
  assert.equal((await client.hasCollection({ collection_name: name })).value, true);

  const described = ok(await client.describeCollection({ collection_name: name }), 'describeCollection');
  report.fields = described.schema.fields.map(f => `${f.name}:${f.data_type}`);
  assert.deepEqual(described.schema.fields.map(f => f.name), ['id', 'vec', 'title', 'meta', 'tags']);
  assert.equal(described.schema.enable_dynamic_field, true);

  const rows = [...Array(10).keys()].map(i => ({ id: i, vec: [i, i + 0.5, -i, 1], title: `t${i}`, meta: { n: i }, tags: [i, i * 2], extra: `x${i}` }));
  const inserted = ok(await client.insert({ collection_name: name, data: rows }), 'insert');
  report.insert_cnt = Number(inserted.insert_cnt);
  assert.equal(report.insert_cnt, 10);

  ok(await client.createIndex({ collection_name: name, field_name: 'vec', index_type: 'HNSW', metric_type: 'L2', params: { M: 8, efConstruction: 64 } }), 'createIndex');
  const idx = ok(await client.describeIndex({ collection_name: name }), 'describeIndex');
  report.index = idx.index_descriptions[0].params.find(p => p.key === 'index_type').value;
  ok(await client.loadCollectionSync({ collection_name: name }), 'loadCollectionSync');
  report.load_state = (await client.getLoadState({ collection_name: name })).state;

  const q = ok(await client.query({ collection_name: name, filter: 'id > 3', output_fields: ['id', 'title', 'vec', 'meta', 'tags', 'extra'], limit: 100 }), 'query');
  report.query_titles = q.data.map(r => r.title);
  assert.deepEqual(q.data.map(r => Number(r.id)), [4, 5, 6, 7, 8, 9]);
  assert.deepEqual(q.data[0].vec, [4, 4.5, -4, 1]);
  assert.equal(q.data[0].meta.n, 4);
  assert.deepEqual(q.data[0].tags.map(Number), [4, 8]);
  // Dynamic keys travel inside the $meta column.
  assert.equal(q.data[0]['$meta'].extra, 'x4');

  report.count = Number((await client.count({ collection_name: name })).data);
  assert.equal(report.count, 10);

  ok(await client.upsert({ collection_name: name, data: [{ id: 3, vec: [9, 9, 9, 9], title: 'up', meta: {}, tags: [] }] }), 'upsert');
  const del = ok(await client.delete({ collection_name: name, filter: 'id in [1, 2]' }), 'delete');
  report.delete_cnt = Number(del.delete_cnt);
  report.count_after = Number((await client.count({ collection_name: name })).data);
  assert.equal(report.count_after, 8);
  const up = ok(await client.query({ collection_name: name, filter: 'id == 3', output_fields: ['title'] , limit: 5 }), 'query upserted');
  assert.equal(up.data[0].title, 'up');

  ok(await client.flushSync({ collection_names: [name] }), 'flushSync');
  const stats = ok(await client.getCollectionStatistics({ collection_name: name }), 'getCollectionStatistics');
  report.row_count = Number(stats.data.row_count);

  ok(await client.createPartition({ collection_name: name, partition_name: 'p1' }), 'createPartition');
  report.partitions = (await client.listPartitions({ collection_name: name })).data.map(p => p.name);
  ok(await client.createAlias({ collection_name: name, alias: name + '_alias' }), 'createAlias');
  report.alias_target = (await client.describeAlias({ alias: name + '_alias', collection_name: name })).collection;

  const it = await client.queryIterator({ collection_name: name, batchSize: 3, expr: 'id >= 0', output_fields: ['id'] });
  const seen = [];
  for await (const batch of it) seen.push(...batch.map(r => Number(r.id)));
  report.iterated = seen;

  const wrongDim = await client.insert({ collection_name: name, data: [{ id: 100, vec: [1, 2], title: 'bad', meta: {}, tags: [] }] }).catch(e => ({ status: { error_code: 'ClientError', reason: String(e) } }));
  report.wrong_dim = { error_code: wrongDim.status.error_code, code: wrongDim.status.code ?? null, reason: wrongDim.status.reason };
  assert.notEqual(wrongDim.status.error_code, 'Success');

  // Milvus 2.6's (cached) DescribeCollection: code 0 with the legacy CollectionNotExists for a missing collection.
  const missing = await client.describeCollection({ collection_name: 'no_such_collection' });
  report.missing = { error_code: missing.status.error_code, code: missing.status.code, reason: missing.status.reason };
  assert.equal(missing.status.error_code, 'CollectionNotExists');

  report.types = await milvus26Types(client, name + '_types');

  ok(await client.createDatabase({ db_name: name + '_db' }), 'createDatabase');
  report.databases = (await client.listDatabases()).db_names;

  console.log(JSON.stringify(report));
  await client.closeConnection();
})().catch(e => { console.error(e && e.stack || e); process.exit(1); });
