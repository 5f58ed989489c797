// The Milvus 2.6 types collection, made with the official Node SDK (used by sdk-check.js and by make-types26.js).
const assert = require('node:assert/strict');
const { DataType } = require('@zilliz/milvus2-sdk-node');

const ok = (r, what) => {
  const status = r.status ?? r;
  assert.equal(status.error_code, 'Success', `${what}: ${JSON.stringify(status)}`);
  assert.equal(status.code ?? 0, 0, `${what}: ${JSON.stringify(status)}`);
  return r;
};

// Milvus 2.6 types as the SDK sends them: Text, Geometry (WKT), Timestamptz (ISO strings), a nullable vector,
// a default-value column (valid_data from the SDK) and a struct-array field.
async function milvus26Types(client, name) {
  const out = {};
  ok(await client.createCollection({
    collection_name: name,
    fields: [
      { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: false },
      { name: 'vec', data_type: DataType.FloatVector, dim: 2 },
      { name: 'txt', data_type: DataType.Text, max_length: 64 },
      { name: 'geo', data_type: DataType.Geometry, nullable: true },
      { name: 'ts', data_type: DataType.Timestamptz, nullable: true },
      { name: 'nvec', data_type: DataType.FloatVector, dim: 2, nullable: true },
      { name: 'score', data_type: DataType.Int64, default_value: 42 },
      {
        name: 'clips', data_type: DataType.Array, element_type: DataType.Struct, max_capacity: 4,
        fields: [
          { name: 'n', data_type: DataType.Int64 },
          { name: 'emb', data_type: DataType.FloatVector, dim: 2 },
        ],
      },
    ],
  }), 'createCollection (2.6 types)');
  const described = ok(await client.describeCollection({ collection_name: name }), 'describeCollection (2.6 types)');
  out.struct_fields = (described.schema.struct_array_fields || []).map(s => `${s.name}:${s.fields.map(f => f.name).join('+')}`);

  const rows = [
    { id: 0, vec: [0, 1], txt: 'hello', geo: 'POINT(1 2)', ts: '2025-01-02T03:04:05Z', nvec: [1, 2], score: 7, clips: [{ n: 1, emb: [1, 2] }, { n: 2, emb: [3, 4] }] },
    { id: 1, vec: [1, 1], txt: 'wörld', geo: null, ts: null, nvec: null, clips: [] },
    { id: 2, vec: [2, 1], txt: '', geo: 'LINESTRING(0 0, 1 1)', ts: '2025-01-02 11:04:05+08:00', nvec: [5, 6], score: null, clips: [{ n: 3, emb: [5, 6] }] },
  ];
  const inserted = ok(await client.insert({ collection_name: name, data: rows }), 'insert (2.6 types)');
  out.insert_cnt = Number(inserted.insert_cnt);

  ok(await client.createIndex({ collection_name: name, field_name: 'vec', index_type: 'FLAT', metric_type: 'L2' }), 'createIndex vec');
  ok(await client.createIndex({ collection_name: name, field_name: 'nvec', index_type: 'FLAT', metric_type: 'L2' }), 'createIndex nvec');
  ok(await client.createIndex({ collection_name: name, field_name: 'clips[emb]', index_type: 'HNSW', metric_type: 'MAX_SIM_COSINE', params: { M: 8, efConstruction: 64 } }), 'createIndex clips[emb]');
  ok(await client.loadCollectionSync({ collection_name: name }), 'loadCollectionSync (2.6 types)');

  const q = ok(await client.query({ collection_name: name, filter: 'id >= 0', output_fields: ['txt', 'geo', 'ts', 'nvec', 'score', 'clips'], limit: 10 }), 'query (2.6 types)');
  const byId = Object.fromEntries(q.data.map(r => [Number(r.id), r]));
  out.txt = [0, 1, 2].map(i => byId[i].txt);
  out.geo = [0, 1, 2].map(i => byId[i].geo);
  out.ts = [0, 1, 2].map(i => byId[i].ts);
  out.nvec = [0, 1, 2].map(i => byId[i].nvec);
  out.score = [0, 1, 2].map(i => Number(byId[i].score));
  out.clips = [0, 1, 2].map(i => (byId[i].clips || []).map(c => ({ n: Number(c.n), emb: Array.from(c.emb) })));
  assert.deepEqual(out.txt, ['hello', 'wörld', '']);
  assert.deepEqual(out.geo, ['POINT (1 2)', null, 'LINESTRING (0 0, 1 1)']);
  assert.deepEqual(out.ts, ['2025-01-02T03:04:05Z', null, '2025-01-02T03:04:05Z']);
  assert.deepEqual(out.nvec, [[1, 2], null, [5, 6]]);
  assert.deepEqual(out.score, [7, 42, 42]);
  assert.deepEqual(out.clips, [[{ n: 1, emb: [1, 2] }, { n: 2, emb: [3, 4] }], [], [{ n: 3, emb: [5, 6] }]]);
  out.count = Number((await client.count({ collection_name: name })).data);
  return out;
}

module.exports = { milvus26Types, ok };
