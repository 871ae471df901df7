// Package export writes flow log records as Parquet objects in AWS's own
// Hive layout, on a local disk:
//
//	DIR/AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…/hour=…/
//	    ACCOUNT_vpcflowlogs_REGION_fl-…_YYYYMMDDTHHmmZ_HASH.log.parquet
//
// so that Athena, Trino, Spark and DuckDB read the export with AWS's
// documented table definitions (hive partitioning), and flowq reads it
// back with the same answers. Records go into the object of the 5-minute
// window that holds their end time, as AWS delivers them, so flowq's
// pruning by folder and file name stays exact on the export. It only
// creates new files below the directory given: never a bucket, never an
// existing file.
package export
