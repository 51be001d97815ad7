from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Every paginated list: `?page=` (from 1) and `?page_size=` (1…500, default 50).

    The envelope is `count`, `next`, `previous` (absolute URLs, null at either end) and `results`.
    A `page` past the last page or not a number answers 404 with `detail`; a `page_size` that is not a
    positive number falls back to 50, one above 500 is cut to 500 (DRF's PageNumberPagination)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = (
                    "Nomor halaman, mulai dari 1. Halaman di luar jangkauan atau bukan bilangan: 404."
                )
            elif parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Banyak baris per halaman (bawaan {self.page_size}, paling banyak {self.max_page_size}; "
                    f"nilai yang lebih besar dipotong ke {self.max_page_size}, nilai yang bukan bilangan "
                    f"positif diabaikan)."
                )
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = "Jumlah seluruh baris (semua halaman)."
        properties["next"]["description"] = "URL halaman berikutnya; null di halaman terakhir."
        properties["previous"]["description"] = "URL halaman sebelumnya; null di halaman pertama."
        return response
