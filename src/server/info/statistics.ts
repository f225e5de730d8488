/** The `statistics` value: every node statistic a real 8.1 node lists, with this node's live values. */
import { freemem, totalmem } from 'node:os'
import type { ServerState } from '../server-state.js'
import { parseTemplate, renderTemplate } from './key-values.js'

/** Node statistics in the real server's order, with their values on an idle single node. */
const STATS = parseTemplate(`
failed_best_practices=false cluster_size=1 cluster_key=0 cluster_generation=1 cluster_principal=0
cluster_min_compatibility_id=15 cluster_max_compatibility_id=15 cluster_integrity=true
cluster_is_member=true cluster_duplicate_nodes=null cluster_clock_skew_stop_writes_sec=0
cluster_clock_skew_ms=0 cluster_clock_skew_outliers=null uptime=0 system_total_cpu_pct=0
system_user_cpu_pct=0 system_kernel_cpu_pct=0 system_free_mem_kbytes=0 system_free_mem_pct=0
host_free_mem_kbytes=0 host_free_mem_pct=0 system_thp_mem_kbytes=0 process_cpu_pct=0 threads_joinable=0
threads_detached=0 threads_pool_total=0 threads_pool_active=0 heap_allocated_kbytes=0
heap_active_kbytes=0 heap_mapped_kbytes=0 heap_efficiency_pct=0 heap_site_count=0 objects=0 tombstones=0
info_queue=0 rw_in_progress=0 proxy_in_progress=0 tree_gc_queue=0 client_connections=0
client_connections_opened=0 client_connections_closed=0 admin_connections=0 admin_connections_opened=0
admin_connections_closed=0 heartbeat_connections=0 heartbeat_connections_opened=0
heartbeat_connections_closed=0 fabric_connections=0 fabric_connections_opened=0
fabric_connections_closed=0 heartbeat_received_self=0 heartbeat_received_foreign=0 reaped_fds=0
info_complete=0 info_timeout=0 demarshal_error=0 early_tsvc_client_error=0 early_tsvc_from_proxy_error=0
early_tsvc_from_proxy_batch_sub_error=0 long_queries_active=0 batch_index_initiate=0
batch_index_queue=0:0,0:0 batch_index_complete=0 batch_index_error=0 batch_index_timeout=0
batch_index_delay=0 batch_index_unused_buffers=0 batch_index_huge_buffers=0
batch_index_created_buffers=0 batch_index_destroyed_buffers=0 batch_index_proto_uncompressed_pct=0.000
batch_index_proto_compression_ratio=1.000 paxos_principal=0 time_since_rebalance=0 migrate_allowed=true
migrate_partitions_remaining=0 fabric_bulk_send_rate=0 fabric_bulk_recv_rate=0 fabric_ctrl_send_rate=0
fabric_ctrl_recv_rate=0 fabric_meta_send_rate=0 fabric_meta_recv_rate=0 fabric_rw_send_rate=0
fabric_rw_recv_rate=0 deprecated_requests=0
`)

/** The value of `statistics`. */
export function statistics(state: ServerState): string {
  const c = state.counters
  let objects = 0
  for (const ns of state.store.namespaces.values()) objects += ns.objects
  const mem = process.memoryUsage()
  const freeKb = Math.floor(freemem() / 1024)
  const freePct = Math.floor((freemem() * 100) / totalmem())
  const uptime = Math.floor((Date.now() - state.startedAt) / 1000)
  return renderTemplate(STATS, {
    cluster_key: state.clusterKey,
    cluster_principal: state.config.nodeId,
    paxos_principal: state.config.nodeId,
    uptime,
    time_since_rebalance: uptime,
    system_free_mem_kbytes: freeKb,
    system_free_mem_pct: freePct,
    host_free_mem_kbytes: freeKb,
    host_free_mem_pct: freePct,
    heap_allocated_kbytes: Math.floor(mem.heapUsed / 1024),
    heap_active_kbytes: Math.floor(mem.heapTotal / 1024),
    heap_mapped_kbytes: Math.floor(mem.rss / 1024),
    heap_efficiency_pct: mem.heapTotal === 0 ? 0 : Math.round((mem.heapUsed * 100) / mem.heapTotal),
    objects,
    client_connections: c.connectionsOpened - c.connectionsClosed,
    client_connections_opened: c.connectionsOpened,
    client_connections_closed: c.connectionsClosed,
    info_complete: c.infoComplete,
    demarshal_error: c.demarshalError,
  })
}
