"""Adapters: DynamoDB (PynamoDB), S3, SQS and the courts' HTTP callbacks."""
