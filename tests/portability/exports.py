"""Export files as each service writes them (from their documented columns), for the import tests."""

from __future__ import annotations

import json

# Finnish Excel: ';', a BOM, CRLF, a body over two lines with an emoji, a 1-star review beside a spam one,
# a rating-only row, a reply, an IP address and a location that must never be stored.
JUDGEME = (
    "\ufefftitle;body;rating;review_date;source;curated;reviewer_name;reviewer_email;product_id;product_handle;"
    "reply;reply_date;picture_urls;ip_address;location;metaobject_handle;CF_Koko\r\n"
    'Ihana;"Pehmeä ja marjainen.\r\nJuon joka aamu ☕😀";5;2024-03-01 08:00:00 UTC;web;ok;Anna Korhonen;'
    "anna@example.fi;111;tumma;Kiitos Anna!;2024-03-02 09:00:00 UTC;;203.0.113.7;Oulu;;M\r\n"
    "Pettymys;Liian kitkerä.;1;2024-03-03 08:00:00 UTC;web;ok;Pekka;;111;tumma;;;;198.51.100.2;Kemi;;\r\n"
    "OSTA NYT;Halpoja kelloja osoitteessa x.example;5;2024-03-04 08:00:00 UTC;web;spam;Botti;;112;vaalea;;;;;;;\r\n"
    ";;4;2024-03-05 08:00:00 UTC;web;ok;Liisa;;112;vaalea;;;;;;;\r\n"
).encode()

YOTPO = (
    "Review ID,Review Type,Review Status,Review Score,Review Title,Review Content,Review Creation Date,"
    "Reviewer Display Name,Reviewer Email,Product Handle,Product Title,Product ID,Order ID,Reviewer Type,"
    "Published Image URLs\n"
    "9001,product_review,Published,5,Bra,Mycket gott kaffe,2024-02-01T10:00:00Z,Sara L,sara@example.se,mork,"
    "Mörk rost,77,5001,verified_buyer,\n"
    "9002,product_review,Published,2,Nja,För starkt,2024-02-02T10:00:00Z,Olle,,mork,Mörk rost,77,,anonymous_user,\n"
    "9003,site_review,Published,5,Snabb leverans,Kom på två dagar,2024-02-03T10:00:00Z,Eva,,,,,,verified_buyer,\n"
    "9004,product_review,Unpublished,3,Okej,Helt okej,2024-02-04T10:00:00Z,Nils,,mork,Mörk rost,77,,,\n"
).encode()

OKENDO = (
    b"name,body,rating,dateCreated,handle,email,imageUrls,title\n"
    b"Mia,Great mug,4,2024-01-10T12:00:00.000Z,mug,mia@example.com,,Nice\n"
)

LOOX = (
    b"id,status,rating,email,nickname,full_name,review,date,productId,handle,img,variant,verified_purchase\n"
    b"L1,active,5,jo@example.com,Jo,Jo Smith,Love it,2024-01-11T00:00:00Z,55,scarf,,red,true\n"
    b"L2,hidden,1,,Max,,Broke fast,2024-01-12T00:00:00Z,55,scarf,,red,false\n"
)

SHOPIFY = (
    b"product_handle,state,rating,title,author,email,location,body,reply,created_at,replied_at\n"
    b"lamp,published,5,Bright,Ann,ann@example.com,Turku,Lights the room,Thanks!,2024-01-01 10:00:00 UTC,"
    b"2024-01-02 10:00:00 UTC\n"
    b"lamp,spam,5,Buy,Bot,,,cheap pills,,2024-01-03 10:00:00 UTC,\n"
)

WOOCOMMERCE = json.dumps(
    [
        {
            "id": 31,
            "date_created": "2024-01-05T12:00:00",
            "date_created_gmt": "2024-01-05T10:00:00",
            "product_id": 200,
            "product_name": "Villasukat",
            "status": "approved",
            "reviewer": "Kaisa",
            "reviewer_email": "kaisa@example.fi",
            "review": "<p>Lämpimät!</p>",
            "rating": 5,
            "verified": True,
        },
        {
            "id": 32,
            "date_created_gmt": "2024-01-06T10:00:00",
            "product_id": 200,
            "status": "hold",
            "reviewer": "Timo",
            "reviewer_email": "",
            "review": "Kutistuivat pesussa",
            "rating": 2,
            "verified": False,
        },
    ]
).encode()


def csv_of(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()
