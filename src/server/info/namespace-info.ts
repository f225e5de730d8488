/** The `namespace/<ns>` and `get-config:context=namespace` values: every statistic and setting a real 8.1 node lists. */
import { clepochSeconds } from '../clock.js'
import type { Namespace } from '../storage/namespace.js'
import { parseTemplate, renderTemplate } from './key-values.js'

/** Namespace statistics in the real server's order, with their values on an idle single node. */
const STATS = parseTemplate(`
ns_cluster_size=1 effective_replication_factor=1 objects=0 tombstones=0 xdr_tombstones=0
xdr_bin_cemeteries=0 mrt_provisionals=0 master_objects=0 master_tombstones=0 prole_objects=0
prole_tombstones=0 non_replica_objects=0 non_replica_tombstones=0 unreplicated_records=0
dead_partitions=0 unavailable_partitions=0 auto_revived_partitions=0 clock_skew_stop_writes=false
stop_writes=false hwm_breached=false current_time=0 non_expirable_objects=0 expired_objects=0
evicted_objects=0 evict_ttl=0 evict_void_time=0 smd_evict_void_time=0 nsup_cycle_duration=0
nsup_cycle_deleted_pct=0.00 nsup_xdr_key_busy=0 truncate_lut=0 truncating=false sindex_gc_cleaned=0
mrt_monitors=0 mrt_monitors_active=0 xmem_id=0 index_used_bytes=0 set_index_used_bytes=0
sindex_used_bytes=0 data_total_bytes=536870912 data_used_bytes=0 data_used_pct=0 data_avail_pct=100
data_compression_ratio=1.000 storage-engine.stripe[0].used_bytes=0
storage-engine.stripe[0].free_wblocks=7 storage-engine.stripe[0].writes=0
storage-engine.stripe[0].defrag_q=0 storage-engine.stripe[0].defrag_reads=0
storage-engine.stripe[0].defrag_writes=0 storage-engine.stripe[1].used_bytes=0
storage-engine.stripe[1].free_wblocks=7 storage-engine.stripe[1].writes=0
storage-engine.stripe[1].defrag_q=0 storage-engine.stripe[1].defrag_reads=0
storage-engine.stripe[1].defrag_writes=0 storage-engine.stripe[2].used_bytes=0
storage-engine.stripe[2].free_wblocks=7 storage-engine.stripe[2].writes=0
storage-engine.stripe[2].defrag_q=0 storage-engine.stripe[2].defrag_reads=0
storage-engine.stripe[2].defrag_writes=0 storage-engine.stripe[3].used_bytes=0
storage-engine.stripe[3].free_wblocks=7 storage-engine.stripe[3].writes=0
storage-engine.stripe[3].defrag_q=0 storage-engine.stripe[3].defrag_reads=0
storage-engine.stripe[3].defrag_writes=0 storage-engine.stripe[4].used_bytes=0
storage-engine.stripe[4].free_wblocks=7 storage-engine.stripe[4].writes=0
storage-engine.stripe[4].defrag_q=0 storage-engine.stripe[4].defrag_reads=0
storage-engine.stripe[4].defrag_writes=0 storage-engine.stripe[5].used_bytes=0
storage-engine.stripe[5].free_wblocks=7 storage-engine.stripe[5].writes=0
storage-engine.stripe[5].defrag_q=0 storage-engine.stripe[5].defrag_reads=0
storage-engine.stripe[5].defrag_writes=0 storage-engine.stripe[6].used_bytes=0
storage-engine.stripe[6].free_wblocks=7 storage-engine.stripe[6].writes=0
storage-engine.stripe[6].defrag_q=0 storage-engine.stripe[6].defrag_reads=0
storage-engine.stripe[6].defrag_writes=0 storage-engine.stripe[7].used_bytes=0
storage-engine.stripe[7].free_wblocks=7 storage-engine.stripe[7].writes=0
storage-engine.stripe[7].defrag_q=0 storage-engine.stripe[7].defrag_reads=0
storage-engine.stripe[7].defrag_writes=0 record_proto_uncompressed_pct=0.000
record_proto_compression_ratio=1.000 query_proto_uncompressed_pct=0.000
query_proto_compression_ratio=1.000 pending_quiesce=false effective_is_quiesced=false nodes_quiesced=0
effective_prefer_uniform_balance=false effective_active_rack=0 migrate_tx_partitions_imbalance=0
migrate_tx_instances=0 migrate_rx_instances=0 migrate_tx_partitions_active=0
migrate_rx_partitions_active=0 migrate_tx_partitions_initial=0 migrate_tx_partitions_remaining=0
migrate_tx_partitions_lead_remaining=0 migrate_rx_partitions_initial=0 migrate_rx_partitions_remaining=0
migrate_records_skipped=0 migrate_records_transmitted=0 migrate_record_retransmits=0
migrate_record_receives=0 migrate_records_unreadable=0 migrate_signals_active=0
migrate_signals_remaining=0 migrate_fresh_partitions=4096 appeals_tx_active=0 appeals_rx_active=0
appeals_tx_remaining=0 appeals_records_exonerated=0 client_tsvc_error=0 client_tsvc_timeout=0
client_proxy_complete=0 client_proxy_error=0 client_proxy_timeout=0 client_read_success=0
client_read_error=0 client_read_timeout=0 client_read_not_found=0 client_read_filtered_out=0
client_write_success=0 client_write_error=0 client_write_timeout=0 client_write_filtered_out=0
xdr_client_write_success=0 xdr_client_write_error=0 xdr_client_write_timeout=0 client_delete_success=0
client_delete_error=0 client_delete_timeout=0 client_delete_not_found=0 client_delete_filtered_out=0
xdr_client_delete_success=0 xdr_client_delete_error=0 xdr_client_delete_timeout=0
xdr_client_delete_not_found=0 client_udf_complete=0 client_udf_error=0 client_udf_timeout=0
client_udf_filtered_out=0 client_lang_read_success=0 client_lang_write_success=0
client_lang_delete_success=0 client_lang_error=0 from_proxy_tsvc_error=0 from_proxy_tsvc_timeout=0
from_proxy_read_success=0 from_proxy_read_error=0 from_proxy_read_timeout=0 from_proxy_read_not_found=0
from_proxy_read_filtered_out=0 from_proxy_write_success=0 from_proxy_write_error=0
from_proxy_write_timeout=0 from_proxy_write_filtered_out=0 xdr_from_proxy_write_success=0
xdr_from_proxy_write_error=0 xdr_from_proxy_write_timeout=0 from_proxy_delete_success=0
from_proxy_delete_error=0 from_proxy_delete_timeout=0 from_proxy_delete_not_found=0
from_proxy_delete_filtered_out=0 xdr_from_proxy_delete_success=0 xdr_from_proxy_delete_error=0
xdr_from_proxy_delete_timeout=0 xdr_from_proxy_delete_not_found=0 from_proxy_udf_complete=0
from_proxy_udf_error=0 from_proxy_udf_timeout=0 from_proxy_udf_filtered_out=0
from_proxy_lang_read_success=0 from_proxy_lang_write_success=0 from_proxy_lang_delete_success=0
from_proxy_lang_error=0 batch_sub_tsvc_error=0 batch_sub_tsvc_timeout=0 batch_sub_proxy_complete=0
batch_sub_proxy_error=0 batch_sub_proxy_timeout=0 batch_sub_read_success=0 batch_sub_read_error=0
batch_sub_read_timeout=0 batch_sub_read_not_found=0 batch_sub_read_filtered_out=0
batch_sub_write_success=0 batch_sub_write_error=0 batch_sub_write_timeout=0
batch_sub_write_filtered_out=0 batch_sub_delete_success=0 batch_sub_delete_error=0
batch_sub_delete_timeout=0 batch_sub_delete_not_found=0 batch_sub_delete_filtered_out=0
batch_sub_udf_complete=0 batch_sub_udf_error=0 batch_sub_udf_timeout=0 batch_sub_udf_filtered_out=0
batch_sub_lang_read_success=0 batch_sub_lang_write_success=0 batch_sub_lang_delete_success=0
batch_sub_lang_error=0 from_proxy_batch_sub_tsvc_error=0 from_proxy_batch_sub_tsvc_timeout=0
from_proxy_batch_sub_read_success=0 from_proxy_batch_sub_read_error=0
from_proxy_batch_sub_read_timeout=0 from_proxy_batch_sub_read_not_found=0
from_proxy_batch_sub_read_filtered_out=0 from_proxy_batch_sub_write_success=0
from_proxy_batch_sub_write_error=0 from_proxy_batch_sub_write_timeout=0
from_proxy_batch_sub_write_filtered_out=0 from_proxy_batch_sub_delete_success=0
from_proxy_batch_sub_delete_error=0 from_proxy_batch_sub_delete_timeout=0
from_proxy_batch_sub_delete_not_found=0 from_proxy_batch_sub_delete_filtered_out=0
from_proxy_batch_sub_udf_complete=0 from_proxy_batch_sub_udf_error=0 from_proxy_batch_sub_udf_timeout=0
from_proxy_batch_sub_udf_filtered_out=0 from_proxy_batch_sub_lang_read_success=0
from_proxy_batch_sub_lang_write_success=0 from_proxy_batch_sub_lang_delete_success=0
from_proxy_batch_sub_lang_error=0 udf_sub_tsvc_error=0 udf_sub_tsvc_timeout=0 udf_sub_udf_complete=0
udf_sub_udf_error=0 udf_sub_udf_timeout=0 udf_sub_udf_filtered_out=0 udf_sub_lang_read_success=0
udf_sub_lang_write_success=0 udf_sub_lang_delete_success=0 udf_sub_lang_error=0 ops_sub_tsvc_error=0
ops_sub_tsvc_timeout=0 ops_sub_write_success=0 ops_sub_write_error=0 ops_sub_write_timeout=0
ops_sub_write_filtered_out=0 dup_res_ask=0 dup_res_respond_read=0 dup_res_respond_no_read=0
retransmit_all_read_dup_res=0 retransmit_all_write_dup_res=0 retransmit_all_delete_dup_res=0
retransmit_all_udf_dup_res=0 retransmit_all_batch_sub_read_dup_res=0
retransmit_all_batch_sub_write_dup_res=0 retransmit_all_batch_sub_delete_dup_res=0
retransmit_all_batch_sub_udf_dup_res=0 retransmit_udf_sub_dup_res=0 retransmit_ops_sub_dup_res=0
retransmit_all_read_repl_ping=0 retransmit_all_batch_sub_read_repl_ping=0
retransmit_all_write_repl_write=0 retransmit_all_delete_repl_write=0 retransmit_all_udf_repl_write=0
retransmit_all_batch_sub_write_repl_write=0 retransmit_all_batch_sub_delete_repl_write=0
retransmit_all_batch_sub_udf_repl_write=0 retransmit_udf_sub_repl_write=0
retransmit_ops_sub_repl_write=0 pi_query_short_basic_complete=0 pi_query_short_basic_error=0
pi_query_short_basic_timeout=0 pi_query_long_basic_complete=0 pi_query_long_basic_error=0
pi_query_long_basic_abort=0 pi_query_aggr_complete=0 pi_query_aggr_error=0 pi_query_aggr_abort=0
pi_query_udf_bg_complete=0 pi_query_udf_bg_error=0 pi_query_udf_bg_abort=0 pi_query_ops_bg_complete=0
pi_query_ops_bg_error=0 pi_query_ops_bg_abort=0 si_query_short_basic_complete=0
si_query_short_basic_error=0 si_query_short_basic_timeout=0 si_query_long_basic_complete=0
si_query_long_basic_error=0 si_query_long_basic_abort=0 si_query_aggr_complete=0 si_query_aggr_error=0
si_query_aggr_abort=0 si_query_udf_bg_complete=0 si_query_udf_bg_error=0 si_query_udf_bg_abort=0
si_query_ops_bg_complete=0 si_query_ops_bg_error=0 si_query_ops_bg_abort=0 geo_region_query_reqs=0
geo_region_query_cells=0 geo_region_query_points=0 geo_region_query_falsepos=0 read_touch_tsvc_error=0
read_touch_tsvc_timeout=0 read_touch_success=0 read_touch_error=0 read_touch_timeout=0 read_touch_skip=0
re_repl_tsvc_error=0 re_repl_tsvc_timeout=0 re_repl_success=0 re_repl_error=0 re_repl_timeout=0
mrt_verify_read_success=0 mrt_verify_read_error=0 mrt_verify_read_timeout=0 mrt_roll_forward_success=0
mrt_roll_forward_error=0 mrt_roll_forward_timeout=0 mrt_monitor_roll_forward_success=0
mrt_monitor_roll_forward_error=0 mrt_monitor_roll_forward_timeout=0 mrt_roll_back_success=0
mrt_roll_back_error=0 mrt_roll_back_timeout=0 mrt_monitor_roll_back_success=0
mrt_monitor_roll_back_error=0 mrt_monitor_roll_back_timeout=0 fail_xdr_forbidden=0 fail_key_busy=0
fail_xdr_key_busy=0 fail_generation=0 fail_record_too_big=0 fail_client_lost_conflict=0
fail_xdr_lost_conflict=0 fail_mrt_blocked=0 fail_mrt_version_mismatch=0 deleted_last_bin=0
mrt_monitor_roll_tombstone_creates=0 ttl_reductions_ignored=0 ttl_reductions_applied=0
`)

/** Namespace settings in the real server's order, with an in-memory namespace's defaults. */
const CONFIG = parseTemplate(`
active-rack=0 allow-ttl-without-nsup=false apply-ttl-reductions=true auto-revive=false
background-query-max-rps=10000 conflict-resolution-policy=generation conflict-resolve-writes=false
default-read-touch-ttl-pct=0 default-ttl=0 disable-cold-start-eviction=false disable-mrt-writes=false
disable-write-dup-res=false disallow-expunge=false disallow-null-setname=false
enable-benchmarks-batch-sub=false enable-benchmarks-ops-sub=false enable-benchmarks-read=false
enable-benchmarks-udf=false enable-benchmarks-udf-sub=false enable-benchmarks-write=false
enable-hist-proxy=false evict-hist-buckets=10000 evict-indexes-memory-pct=0 evict-tenths-pct=5
force-long-queries=false ignore-migrate-fill-delay=false index-stage-size=1073741824
indexes-memory-budget=0 inline-short-queries=false max-record-size=1048576 migrate-order=5
migrate-retransmit-ms=5000 migrate-skip-unreadable=false migrate-sleep=1 mrt-duration=0
nsup-hist-period=3600 nsup-period=10 nsup-threads=1 partition-tree-sprigs=256
prefer-uniform-balance=false rack-id=0 read-consistency-level-override=off reject-non-xdr-writes=false
reject-xdr-writes=false replication-factor=2 sindex-stage-size=1073741824 single-query-threads=4
stop-writes-sys-memory-pct=90 strong-consistency=false strong-consistency-allow-expunge=false
tomb-raider-eligible-age=86400 tomb-raider-period=86400 tomb-raider-unmark-threads=0
transaction-pending-limit=20 truncate-threads=4 write-commit-level-override=off
xdr-bin-tombstone-ttl=86400 xdr-tomb-raider-period=120 xdr-tomb-raider-threads=1
geo2dsphere-within.strict=true geo2dsphere-within.min-level=1 geo2dsphere-within.max-level=20
geo2dsphere-within.max-cells=12 geo2dsphere-within.level-mod=1
geo2dsphere-within.earth-radius-meters=6371000 index-type=mem sindex-type=mem storage-engine=memory
storage-engine.stripe[0]=stripe-0 storage-engine.stripe[1]=stripe-1 storage-engine.stripe[2]=stripe-2
storage-engine.stripe[3]=stripe-3 storage-engine.stripe[4]=stripe-4 storage-engine.stripe[5]=stripe-5
storage-engine.stripe[6]=stripe-6 storage-engine.stripe[7]=stripe-7
storage-engine.commit-to-device=false storage-engine.compression=none
storage-engine.compression-acceleration=0 storage-engine.compression-level=0
storage-engine.data-size=536870912 storage-engine.defrag-lwm-pct=50 storage-engine.defrag-queue-min=0
storage-engine.defrag-sleep=1000 storage-engine.defrag-startup-minimum=0
storage-engine.direct-files=false storage-engine.disable-odsync=false
storage-engine.enable-benchmarks-storage=false storage-engine.encryption-key-file=null
storage-engine.encryption-old-key-file=null storage-engine.evict-used-pct=0 storage-engine.filesize=0
storage-engine.flush-max-ms=1000 storage-engine.max-write-cache=67108864
storage-engine.stop-writes-avail-pct=5 storage-engine.stop-writes-used-pct=70
storage-engine.tomb-raider-sleep=1000
`)

/** The notional memory size reported for every namespace (`storage-engine.data-size`). */
const DATA_TOTAL_BYTES = 536_870_912

/** The statistics part of `namespace/<ns>`, live values filled in. */
function namespaceStats(ns: Namespace): string {
  const usedPct = Math.floor((ns.dataUsedBytes * 100) / DATA_TOTAL_BYTES)
  return renderTemplate(STATS, {
    ...ns.counters,
    objects: ns.objects,
    master_objects: ns.objects,
    current_time: clepochSeconds(),
    non_expirable_objects: ns.nonExpirableObjects(),
    truncate_lut: ns.truncateLut,
    data_total_bytes: DATA_TOTAL_BYTES,
    data_used_bytes: ns.dataUsedBytes,
    data_used_pct: usedPct,
    data_avail_pct: 100 - usedPct,
  })
}

/** The namespace's settings, as `get-config:context=namespace;id=<ns>` lists them. */
export function namespaceConfig(ns: Namespace): string {
  const c = ns.config
  return renderTemplate(CONFIG, {
    'allow-ttl-without-nsup': c.allowTtlWithoutNsup,
    'default-ttl': c.defaultTtl,
    'max-record-size': c.maxRecordSize,
    'nsup-period': c.nsupPeriod,
    'replication-factor': c.replicationFactor,
    'storage-engine.data-size': DATA_TOTAL_BYTES,
  })
}

/** The value of `namespace/<ns>`: statistics, then settings. */
export function namespaceInfo(ns: Namespace): string {
  return `${namespaceStats(ns)};${namespaceConfig(ns)}`
}
