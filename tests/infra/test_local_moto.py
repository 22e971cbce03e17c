"""The local stack's moto server applies each DynamoDB request whole, as DynamoDB does."""
import threading

import boto3
from botocore.config import Config

from chalicelib.localstack.server import start_moto

THREADS, TRANSACTIONS, ITEMS = 8, 40, 5


def test_concurrent_transactions_never_fail_inside_moto():
    server, url = start_moto()
    try:
        def client():
            return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1", aws_access_key_id="x",
                                aws_secret_access_key="x", config=Config(retries={"max_attempts": 1}))

        client().create_table(TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                              BillingMode="PAY_PER_REQUEST")
        failures: list[str] = []

        def writer(n: int) -> None:
            dynamodb = client()
            for i in range(TRANSACTIONS):
                try:
                    dynamodb.transact_write_items(TransactItems=[
                        {"Put": {"TableName": "t", "Item": {"pk": {"S": f"{n}-{i}-{k}"}}}} for k in range(ITEMS)])
                except Exception as err:  # a 500 from moto's unlocked table copy is what this guards against
                    failures.append(str(err)[:120])

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == []
        assert client().scan(TableName="t", Select="COUNT")["Count"] == THREADS * TRANSACTIONS * ITEMS
    finally:
        server.stop()
